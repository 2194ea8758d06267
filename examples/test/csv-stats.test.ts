import { describeExamplePlugin } from './plugin-suite.ts';

describeExamplePlugin('csv-stats');
