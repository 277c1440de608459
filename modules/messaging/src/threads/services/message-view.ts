import type { MessageRow } from './post-message.ts';

/** A participant as messages show them: their name, and how far they have read. */
export type Reader = {
  userId: string;
  name: string;
  lastReadMessageId: string | null;
  lastReadAt: Date | null;
};
export type AttachmentView = {
  id: string;
  contentType: string;
  sizeBytes: number;
  originalName: string | null;
  url: string;
  urlExpiresAt: string;
};

/**
 * A message as the API answers it. A deleted message keeps its place with `deleted: true` and no
 * body. `readBy` (on the caller's own messages only: a read receipt is for the sender) lists each
 * other participant whose read pointer has reached it, with when they read that far.
 */
export function messageView(
  m: MessageRow,
  opts: { me: string; names: Map<string, string>; readers: Reader[]; attachments?: AttachmentView[] },
) {
  const mine = m.senderId === opts.me;
  const readBy = mine
    ? opts.readers
        .filter((r) => r.userId !== m.senderId && r.lastReadMessageId !== null && r.lastReadMessageId >= m.id)
        .map((r) => ({ userId: r.userId, name: r.name, readAt: r.lastReadAt?.toISOString() ?? null }))
    : [];
  return {
    id: m.id,
    threadId: m.threadId,
    senderId: m.senderId,
    senderName: opts.names.get(m.senderId) ?? null,
    mine,
    body: m.deletedAt ? null : m.body,
    deleted: m.deletedAt !== null,
    clientId: mine ? m.clientId : null,
    createdAt: m.createdAt.toISOString(),
    editedAt: m.editedAt?.toISOString() ?? null,
    deletedAt: m.deletedAt?.toISOString() ?? null,
    readBy,
    attachments: m.deletedAt ? [] : (opts.attachments ?? []),
  };
}
export type MessageView = ReturnType<typeof messageView>;
