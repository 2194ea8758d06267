import { describeGitLifecycle } from './support/git-lifecycle';

describeGitLifecycle('sqlite');
