import { describeExamplePlugin } from './plugin-suite.ts';

describeExamplePlugin('readability');
