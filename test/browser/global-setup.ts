// Serves the real product (site + API from one Worker under wrangler dev) for the browser tests.
import type { TestProject } from 'vitest/node';
import { startWorker } from '../support/worker-process';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const worker = await startWorker();
  project.provide('baseUrl', worker.url);
  return () => worker.stop();
}
