import { describeExamplePlugin } from './plugin-suite.ts';

describeExamplePlugin('json-to-csv');
