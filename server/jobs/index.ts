export { createJobRegistry } from './create-registry.js';
export { isFinished, JobTimeoutError } from './registry.js';
export type { Job, JobContext, JobOutput, JobRegistry, JobRegistryOptions, JobRun, JobState } from './registry.js';
