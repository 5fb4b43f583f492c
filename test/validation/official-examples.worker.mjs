// Worker entry: registers tsx in this thread (a worker does not inherit the test runner's TypeScript loader)
// and runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./official-examples.worker.ts');
