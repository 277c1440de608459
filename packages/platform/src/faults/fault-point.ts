/**
 * Fault injection for crash tests: when DC_FAULT names this point, the process dies here at once
 * (SIGKILL: no cleanup, like a power cut). Never armed in production.
 */
export function faultPoint(name: string): void {
  if (process.env.DC_FAULT === name && process.env.NODE_ENV !== 'production') {
    process.kill(process.pid, 'SIGKILL');
  }
}
