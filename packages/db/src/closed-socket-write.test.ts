import { describe, expect, it } from 'vitest';
import { isClosedSocketWrite } from './closed-socket-write.ts';

// The stack postgres.js 3.4.9 throws with (porsager/postgres#1154), as Node prints it.
const DRIVER_STACK = `TypeError: Cannot read properties of null (reading 'write')
    at Immediate.nextWrite (/app/node_modules/postgres/src/connection.js:255:22)
    at process.processImmediate (node:internal/timers:485:21)`;

function typeError(message: string, stack: string) {
  const e = new TypeError(message);
  e.stack = stack;
  return e;
}

describe('isClosedSocketWrite', () => {
  it('knows the driver’s stray write, as thrown and as a test runner serialises it', () => {
    const e = typeError("Cannot read properties of null (reading 'write')", DRIVER_STACK);
    expect(isClosedSocketWrite(e)).toBe(true);
    expect(isClosedSocketWrite({ name: e.name, message: e.message, stack: e.stack })).toBe(true);
  });

  it('lets every other error through', () => {
    const ours = (() => {
      try {
        (null as unknown as { write(): void }).write();
      } catch (error) {
        return error;
      }
    })();
    expect(isClosedSocketWrite(ours)).toBe(false);
    expect(isClosedSocketWrite(new Error("Cannot read properties of null (reading 'write')"))).toBe(false);
    expect(isClosedSocketWrite(typeError('something else', DRIVER_STACK))).toBe(false);
    expect(isClosedSocketWrite(null)).toBe(false);
    expect(isClosedSocketWrite('nextWrite postgres/src/connection.js')).toBe(false);
  });
});
