import type { SniffedMedia } from './sniff-media.ts';

/**
 * Largest file per kind, after the type is known from its bytes. Constants, not school settings:
 * they protect the service (memory per upload, storage cost), not a school's preference. A phone
 * photo is 2–6 MB; 100 MB is a few minutes of 1080p, enough to show a manoeuvre.
 */
export const ATTACHMENT_MAX_BYTES: Record<SniffedMedia['kind'], number> = {
  photo: 10 * 1024 * 1024,
  video: 100 * 1024 * 1024,
};

/** What the upload route reads at most: the largest file plus room for the multipart framing. */
export const UPLOAD_BODY_MAX_BYTES = ATTACHMENT_MAX_BYTES.video + 64 * 1024;

/** The longest file name kept (shown back in lists and the download's Content-Disposition). */
export const MAX_ORIGINAL_NAME = 200;
