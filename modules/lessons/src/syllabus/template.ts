/** A syllabus shipped as data: groups of skills, each with a stable key within the template. */
export type SyllabusTemplate = {
  id: TemplateId;
  name: string;
  /** Where it comes from, for the admin choosing one. */
  source: string;
  categories: { key: string; name: string; skills: { key: string; name: string; description: string }[] }[];
};

export const TEMPLATE_IDS = ['uk', 'us', 'au'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];
