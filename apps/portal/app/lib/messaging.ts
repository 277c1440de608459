/** The API's shapes the messaging pages use (see modules/messaging threads.routes.ts). */
export type ThreadSummary = {
  id: string;
  kind: 'student_instructor' | 'student_office' | 'instructor_office' | 'group';
  subject: string;
  lastMessageAt: string;
  participant: boolean;
  muted: boolean;
  unread: number;
  participants: { userId: string; name: string; role: string }[];
  lastMessage: {
    id: string;
    senderName: string | null;
    body: string | null;
    deleted: boolean;
    createdAt: string;
  } | null;
};

export type ThreadDetail = {
  id: string;
  kind: ThreadSummary['kind'];
  subject: string;
  participant: boolean;
  muted: boolean;
  participants: { userId: string; name: string; role: string }[];
};

export type MessageItem = {
  id: string;
  senderName: string | null;
  mine: boolean;
  body: string | null;
  deleted: boolean;
  createdAt: string;
  editedAt: string | null;
  readBy: { userId: string; name: string; readAt: string | null }[];
  attachments: { id: string; url: string; originalName: string | null; contentType: string }[];
};

/** A fresh id for a message about to be written: a resend with it never makes a second message. */
export const newClientId = () => `m-${crypto.randomUUID()}`;

/** Whose queued messages these are on a shared phone (the sync route sends only the owner's). */
export const ownerOfMessages = (me: {
  studentId: string | null;
  instructorId: string | null;
  name: string;
}) => me.studentId ?? me.instructorId ?? `office:${me.name}`;

/** A message's body from a form or a replay: trimmed of nothing (spaces are the writer's), at most 4000. */
export const MESSAGE_MAX = 4000;
