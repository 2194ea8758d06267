import { describeGitLifecycle } from './support/git-lifecycle';

describeGitLifecycle('postgres');
