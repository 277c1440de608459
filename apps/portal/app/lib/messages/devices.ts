/** The push devices page (messaging's web-push opt-in and per-device settings). */
export const devicesGB = {
  'devices.title': 'Notifications on this device',
  'devices.lead':
    'Get notifications on this phone or computer even when the portal is closed: lesson requests, changes and reminders.',
  'devices.enable': 'Turn on notifications here',
  'devices.enabling': 'Asking your browser…',
  'devices.enabled': 'Notifications are on for this device.',
  'devices.denied':
    'Your browser blocks notifications for this site. Allow them in the browser’s site settings, then try again.',
  'devices.unsupported':
    'This browser cannot receive push notifications (on an iPhone, add the portal to your home screen first).',
  'devices.failed': 'That did not work. Please try again.',
  'devices.list': 'Your devices',
  'devices.none': 'No device gets push notifications yet.',
  'devices.unnamed': 'Unnamed device',
  'devices.via': 'through {origin}, added {date}',
  'devices.name': 'Name',
  'devices.muted': 'Mute this device',
  'devices.criticalOnly': 'Only urgent notifications (e.g. a lesson cancelled at short notice)',
  'devices.save': 'Save',
  'devices.remove': 'Remove',
  'devices.saved': 'Saved.',
  'devices.removed': 'Device removed.',
};

export const devicesUS: Partial<Record<keyof typeof devicesGB, string>> = {};
