/**
 * What every validation rule writes to: the findings so far and the current field path.
 *
 * Hot path: validation runs for every policy of large files, so the path is one mutable stack, pushed and
 * popped as the walk descends and copied only when a finding is emitted.
 */
import type { FieldPath, Finding, Severity } from '../../model/types.ts';

export interface ValidateOptions {
  /**
   * Validate CIDRs as with the `StrictIPCIDRValidation` feature gate on (alpha since 1.33, default off): host bits,
   * leading zeros and IPv4-mapped addresses become errors instead of P-25 warnings.
   */
  strictCidr?: boolean;
}

export class Findings {
  readonly out: Finding[] = [];
  readonly strictCidr: boolean;
  private readonly path: (string | number)[] = [];

  constructor(options: ValidateOptions) {
    this.strictCidr = options.strictCidr === true;
  }

  push(key: string | number): void {
    this.path.push(key);
  }
  pop(): void {
    this.path.pop();
  }
  /** Runs `f` with `key` pushed on the path. */
  at(key: string | number, f: () => void): void {
    this.path.push(key);
    f();
    this.path.pop();
  }

  emit(severity: Severity, code: string, message: string, tail?: (string | number)[], fix?: string): void {
    const path: FieldPath = tail ? [...this.path, ...tail] : this.path.slice();
    const f: Finding = { severity, code, message, path };
    if (fix !== undefined) f.fix = fix;
    this.out.push(f);
  }
  error(code: string, message: string, tail?: (string | number)[], fix?: string): void {
    this.emit('error', code, message, tail, fix);
  }
}
