/**
 * Thrown by a sender that decides not to send, without a failure: the dispatcher marks the
 * delivery `skipped` (a final state that says nothing against the address). With `fallback: 'sms'`
 * it also queues an SMS to the same number (WhatsApp without an approved template).
 */
export class SkipDelivery extends Error {
  constructor(
    message: string,
    readonly fallback?: 'sms',
  ) {
    super(message);
    this.name = 'SkipDelivery';
  }
}

/** WhatsApp may not send this message: sent as SMS instead. */
export class FallbackToSms extends SkipDelivery {
  constructor(message: string) {
    super(message, 'sms');
    this.name = 'FallbackToSms';
  }
}
