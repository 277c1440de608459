/** The CRM's shapes as the portal reads them from /api/v1/crm (modules/crm). */
export type CrmContact = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  stage: string;
  lostReason: string | null;
  source: 'enquiry' | 'manual' | 'signup';
  postcode: string | null;
  transmission: 'manual' | 'automatic' | null;
  availability: string | null;
  preferredStart: string | null;
  createdAt: string;
};

export type CrmStage = {
  key: string;
  label: string;
  kind: 'open' | 'won' | 'lost';
  count: number;
  contacts: CrmContact[];
};

export type CrmTask = {
  id: string;
  contactId: string;
  title: string;
  kind: string;
  dueOn: string;
  status: 'open' | 'done' | 'cancelled';
  createdAt: string;
  completedAt: string | null;
};

export type CrmTimeline = {
  contact: CrmContact;
  interactions: {
    id: string;
    kind: string;
    summary: string;
    occurredAt: string;
    automatic: boolean;
    source: { eventType: string } | null;
  }[];
  notes: { id: string; body: string; createdAt: string }[];
  tasks: CrmTask[];
};
