/**
 * The logbook rules a school can apply (lessons setting `logbookRules`), and the maths of crediting
 * hours against them. Pure: the service feeds it the minutes it read.
 *
 * Australian learner logbooks (NSW: 120 h including 20 h at night; QLD: 100 h including 10 h at
 * night) let each hour with a professional instructor count as three, for up to 10 hours of
 * professional lessons (30 logbook hours); professional hours beyond the cap count as driven. The
 * bonus applies to the total only: night hours count as driven (a professional night hour is one
 * night hour), the reading of both states' rules that never over-credits night driving.
 */

export const LOGBOOK_RULE_IDS = ['none', 'au-nsw', 'au-qld'] as const;
export type LogbookRuleId = (typeof LOGBOOK_RULE_IDS)[number];

export type LogbookRequirement = {
  rules: Exclude<LogbookRuleId, 'none'>;
  name: string;
  totalMinutes: number;
  nightMinutes: number;
  /** Each professional minute counts as this many, up to `professionalCapMinutes` of lessons. */
  professionalMultiplier: number;
  professionalCapMinutes: number;
};

export const LOGBOOK_REQUIREMENTS: Record<Exclude<LogbookRuleId, 'none'>, LogbookRequirement> = {
  'au-nsw': {
    rules: 'au-nsw',
    name: 'New South Wales learner logbook',
    totalMinutes: 120 * 60,
    nightMinutes: 20 * 60,
    professionalMultiplier: 3,
    professionalCapMinutes: 10 * 60,
  },
  'au-qld': {
    rules: 'au-qld',
    name: 'Queensland learner logbook',
    totalMinutes: 100 * 60,
    nightMinutes: 10 * 60,
    professionalMultiplier: 3,
    professionalCapMinutes: 10 * 60,
  },
};

/** What the student has driven: with instructors (taught lessons) and confirmed private practice. */
export type DrivenMinutes = {
  professionalMinutes: number;
  professionalNightMinutes: number;
  practiceMinutes: number;
  practiceNightMinutes: number;
};

export type LogbookCredit = {
  /** Professional minutes as the logbook counts them (with the bonus, when the rules give one). */
  professionalMinutes: number;
  /** Of which bonus (the extra the multiplier adds). */
  bonusMinutes: number;
  practiceMinutes: number;
  totalMinutes: number;
  nightMinutes: number;
};

export type LogbookStanding = {
  credited: LogbookCredit;
  requirement: LogbookRequirement | null;
  /** What is still to drive; null without a rule. */
  missing: { totalMinutes: number; nightMinutes: number } | null;
  complete: boolean | null;
};

/** Credits the minutes driven under the school's rules (none: counted as driven, no target). */
export function creditLogbook(driven: DrivenMinutes, rules: LogbookRuleId): LogbookStanding {
  const requirement = rules === 'none' ? null : LOGBOOK_REQUIREMENTS[rules];
  const capped = requirement ? Math.min(driven.professionalMinutes, requirement.professionalCapMinutes) : 0;
  const bonusMinutes = requirement ? capped * (requirement.professionalMultiplier - 1) : 0;
  const professionalMinutes = driven.professionalMinutes + bonusMinutes;
  const credited: LogbookCredit = {
    professionalMinutes,
    bonusMinutes,
    practiceMinutes: driven.practiceMinutes,
    totalMinutes: professionalMinutes + driven.practiceMinutes,
    nightMinutes: driven.professionalNightMinutes + driven.practiceNightMinutes,
  };
  if (!requirement) return { credited, requirement: null, missing: null, complete: null };
  const missing = {
    totalMinutes: Math.max(0, requirement.totalMinutes - credited.totalMinutes),
    nightMinutes: Math.max(0, requirement.nightMinutes - credited.nightMinutes),
  };
  return {
    credited,
    requirement,
    missing,
    complete: missing.totalMinutes === 0 && missing.nightMinutes === 0,
  };
}

/** "12 h", "12 h 30 min", "45 min". */
export function hours(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** The standing in sentences, for the student, their guardian and the office. */
export function explainLogbook(
  driven: DrivenMinutes,
  standing: LogbookStanding,
  pending: { entries: number; minutes: number },
): string[] {
  const lines: string[] = [];
  const { credited, requirement, missing } = standing;
  if (requirement && driven.professionalMinutes > 0) {
    const capHours = requirement.professionalCapMinutes / 60;
    lines.push(
      `${hours(driven.professionalMinutes)} with instructors counts as ${hours(credited.professionalMinutes)}: each hour of professional lessons counts ${requirement.professionalMultiplier} times, for up to ${capHours} hours of lessons.`,
    );
  } else if (driven.professionalMinutes > 0) {
    lines.push(`${hours(driven.professionalMinutes)} with instructors.`);
  }
  if (driven.practiceMinutes > 0)
    lines.push(`${hours(driven.practiceMinutes)} of confirmed private practice.`);
  if (!requirement) {
    lines.push(
      `${hours(credited.totalMinutes)} in all, ${hours(credited.nightMinutes)} of it at night. This school applies no state logbook rule, so the hours are counted as driven.`,
    );
  } else if (missing) {
    lines.push(
      missing.totalMinutes === 0
        ? `${hours(credited.totalMinutes)} logged: the ${hours(requirement.totalMinutes)} the ${requirement.name} needs are done.`
        : `${hours(credited.totalMinutes)} of the ${hours(requirement.totalMinutes)} the ${requirement.name} needs: ${hours(missing.totalMinutes)} still to drive.`,
    );
    lines.push(
      missing.nightMinutes === 0
        ? `${hours(credited.nightMinutes)} at night: the ${hours(requirement.nightMinutes)} of night driving are done.`
        : `${hours(credited.nightMinutes)} at night of the ${hours(requirement.nightMinutes)} needed: ${hours(missing.nightMinutes)} still to drive between sunset and sunrise (night hours count as driven, without the professional bonus).`,
    );
  }
  if (pending.entries > 0)
    lines.push(
      `${pending.entries} practice ${pending.entries === 1 ? 'entry' : 'entries'} (${hours(pending.minutes)}) ${pending.entries === 1 ? 'waits' : 'wait'} for the supervisor to confirm; only confirmed practice counts.`,
    );
  return lines;
}
