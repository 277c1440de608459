/** The logo upload (branding page) and the new school's setup checklist (dashboard). */
export const onboardingGB = {
  'logo.title': 'Logo',
  'logo.current': 'Your logo as the header shows it:',
  'logo.none': 'No logo yet: the header shows your school’s initials in its colour.',
  'logo.file': 'Logo image (PNG, JPEG or SVG, up to 2 MB)',
  'logo.upload': 'Upload logo',
  'logo.remove': 'Remove logo',
  'logo.uploaded': 'Logo saved.',
  'logo.removed': 'Logo removed: the header shows your initials.',
  'logo.hint':
    'Square images look best. Large images are shrunk to 512 pixels; SVG files are cleaned of scripts and links.',
  'onboarding.title': 'Set up your school',
  'onboarding.progress': '{done} of {total} done',
  'onboarding.intro': 'Each step ticks itself when it is done.',
  'onboarding.done': 'Done',
  'onboarding.todo': 'To do',
  'onboarding.complete': 'Everything is set up. Your school is ready for students.',
  'onboarding.dismiss': 'Hide this checklist',
  'onboarding.step.branding': 'Add your logo and colours',
  'onboarding.step.instructor_hours': 'Add your first instructor and their working hours',
  'onboarding.step.lesson_types': 'Set your lesson types and prices',
  'onboarding.step.locations': 'Add where lessons start (office, pickup points)',
  'onboarding.step.payments': 'Set up payments (card payments or lesson packages)',
  'onboarding.step.students': 'Invite your students',
};

export const onboardingUS: Partial<Record<keyof typeof onboardingGB, string>> = {
  'logo.none': 'No logo yet: the header shows your school’s initials in its color.',
  'onboarding.step.branding': 'Add your logo and colors',
};
