import { describeExamplePlugin } from './plugin-suite.ts';

describeExamplePlugin('text-themes');
