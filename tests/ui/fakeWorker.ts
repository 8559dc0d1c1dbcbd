import { deriveService, type DeriveRole } from '../../src/ui/derive/deriveService.ts';
import type { WorkerLike, WorkerRequest, WorkerResponse } from '../../src/ui/derive/engine.ts';

/** A worker whose responses the test delivers by hand, in any order, through a structured clone like the real one. */
export class FakeWorker implements WorkerLike {
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  terminated = false;
  /** What the worker side posted, in order, not yet delivered. */
  outbox: WorkerResponse[] = [];
  private readonly tasks: (() => void)[] = [];
  private readonly service: ReturnType<typeof deriveService>;

  constructor(role: DeriveRole = 'both') {
    this.service = deriveService(
      (response) => this.outbox.push(structuredClone(response)),
      (task) => this.tasks.push(task),
      role,
    );
  }

  postMessage(message: WorkerRequest): void {
    this.service(structuredClone(message));
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Runs the worker's queued analysis steps. */
  runTasks(): void {
    while (this.tasks.length) this.tasks.shift()!();
  }
  take(type: WorkerResponse['type'], seq?: number): WorkerResponse {
    const i = this.outbox.findIndex((m) => m.type === type && (seq === undefined || m.seq === seq));
    if (i < 0) throw new Error(`no ${type} response`);
    return this.outbox.splice(i, 1)[0]!;
  }
  deliver(message: WorkerResponse): void {
    this.onmessage!({ data: message });
  }

  /** Runs the worker's steps and delivers everything it posted, in order. */
  flush(): void {
    this.runTasks();
    for (const m of this.outbox.splice(0)) this.deliver(m);
  }
}
