export { castLearners } from './cast.ts';
export { DemoClock } from './demo-clock.ts';
export {
  DEMO_STAGES,
  type DemoContext,
  type DemoLayer,
  type DemoLearner,
  type DemoPerson,
  type DemoStage,
  type DemoStory,
} from './demo-context.ts';
export { dropDemoSchool } from './drop-demo-school.ts';
export { type HistoryEvent, markHandled, readHistoryEvents } from './history-events.ts';
export { addDays, daysBetween, localDay, localInstant, mondayOf, weekdayIndex } from './local-days.ts';
export { type Random, seededRandom } from './random.ts';
export { type DemoRunResult, runDemo } from './run-demo.ts';
