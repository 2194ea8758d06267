import { describeExamplePlugin } from './plugin-suite.ts';

describeExamplePlugin('csv-to-json');
