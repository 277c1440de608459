import type { ModuleRouter } from '@dualcontrol/platform';
import * as contactHandlers from './contacts/contacts.handlers.ts';
import * as contactRoutes from './contacts/contacts.routes.ts';
import * as enquiryHandlers from './enquiries/enquiries.handlers.ts';
import * as enquiryRoutes from './enquiries/enquiries.routes.ts';
import * as followupHandlers from './followups/followups.handlers.ts';
import * as followupRoutes from './followups/followups.routes.ts';
import * as matchingHandlers from './matching/matching.handlers.ts';
import * as matchingRoutes from './matching/matching.routes.ts';
import * as pipelineHandlers from './pipeline/pipeline.handlers.ts';
import * as pipelineRoutes from './pipeline/pipeline.routes.ts';
import * as taskHandlers from './tasks/tasks.handlers.ts';
import * as taskRoutes from './tasks/tasks.routes.ts';

/** Mounts every crm operation; the module router puts each behind the module gate. */
export function mountCrmRoutes(router: ModuleRouter): void {
  router
    .openapi(contactRoutes.createContact, contactHandlers.createContact)
    .openapi(contactRoutes.listContacts, contactHandlers.listContacts)
    .openapi(contactRoutes.getContact, contactHandlers.getContact)
    .openapi(contactRoutes.updateContact, contactHandlers.updateContact)
    .openapi(contactRoutes.deleteContact, contactHandlers.deleteContact)
    .openapi(contactRoutes.moveStage, contactHandlers.moveStage)
    .openapi(contactRoutes.mergeContacts, contactHandlers.mergeContacts)
    .openapi(contactRoutes.listDuplicates, contactHandlers.listDuplicates)
    .openapi(contactRoutes.logInteraction, contactHandlers.logInteraction)
    .openapi(contactRoutes.listInteractions, contactHandlers.listInteractions)
    .openapi(contactRoutes.addNote, contactHandlers.addNote)
    .openapi(contactRoutes.listNotes, contactHandlers.listNotes)
    .openapi(taskRoutes.listTasks, taskHandlers.listTasks)
    .openapi(taskRoutes.createTask, taskHandlers.createTask)
    .openapi(taskRoutes.completeTask, taskHandlers.completeTask)
    .openapi(pipelineRoutes.getBoard, pipelineHandlers.getBoard)
    .openapi(pipelineRoutes.listStages, pipelineHandlers.listStages)
    .openapi(followupRoutes.listRules, followupHandlers.listRules)
    .openapi(followupRoutes.updateRule, followupHandlers.updateRule)
    .openapi(enquiryRoutes.submitEnquiry, enquiryHandlers.submitEnquiry)
    .openapi(matchingRoutes.listMatches, matchingHandlers.listMatches)
    .openapi(matchingRoutes.offerTrialLesson, matchingHandlers.offerTrialLesson);
}
