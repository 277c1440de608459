import type { ModuleRouter } from '@dualcontrol/platform';
import * as assessmentHandlers from './assessments/assessments.handlers.ts';
import * as assessmentRoutes from './assessments/assessments.routes.ts';
import { UPLOAD_BODY_MAX_BYTES } from './attachments/attachment-limits.ts';
import * as attachmentHandlers from './attachments/attachments.handlers.ts';
import * as attachmentRoutes from './attachments/attachments.routes.ts';
import * as documentHandlers from './documents/documents.handlers.ts';
import * as documentRoutes from './documents/documents.routes.ts';
import * as goalHandlers from './goals/goals.handlers.ts';
import * as goalRoutes from './goals/goals.routes.ts';
import * as guardianHandlers from './guardians/guardians.handlers.ts';
import * as guardianRoutes from './guardians/guardians.routes.ts';
import * as invitationHandlers from './guardians/invitations.handlers.ts';
import * as invitationRoutes from './guardians/invitations.routes.ts';
import * as lessonHandlers from './lessons/lessons.handlers.ts';
import * as lessonRoutes from './lessons/lessons.routes.ts';
import * as logbookHandlers from './logbook/logbook.handlers.ts';
import * as logbookRoutes from './logbook/logbook.routes.ts';
import * as materialHandlers from './materials/materials.handlers.ts';
import * as materialRoutes from './materials/materials.routes.ts';
import * as progressHandlers from './progress/progress.handlers.ts';
import * as progressRoutes from './progress/progress.routes.ts';
import * as settingsHandlers from './settings/settings.handlers.ts';
import * as settingsRoutes from './settings/settings.routes.ts';
import * as skillHandlers from './skills/skills.handlers.ts';
import * as skillRoutes from './skills/skills.routes.ts';

/** Mounts every lessons operation; the module router puts each behind the module gate. */
export function mountLessonsRoutes(router: ModuleRouter): void {
  router
    .openapi(skillRoutes.getSyllabus, skillHandlers.getSyllabus)
    .openapi(skillRoutes.listTemplates, skillHandlers.listTemplates)
    .openapi(skillRoutes.installTemplate, skillHandlers.installTemplate)
    .openapi(skillRoutes.addSkill, skillHandlers.addSkill)
    .openapi(skillRoutes.updateSkill, skillHandlers.updateSkill)
    .openapi(skillRoutes.listRenames, skillHandlers.listRenames)
    .openapi(skillRoutes.addCategory, skillHandlers.addCategory)
    .openapi(skillRoutes.updateCategory, skillHandlers.updateCategory)
    // /lessons/settings before /lessons/{id}: a fixed segment wins over the parameter.
    .openapi(settingsRoutes.getSettings, settingsHandlers.getSettings)
    .openapi(settingsRoutes.updateSettings, settingsHandlers.updateSettings)
    .openapi(lessonRoutes.listLessons, lessonHandlers.listLessons)
    .openapi(lessonRoutes.getLesson, lessonHandlers.getLesson)
    .openapi(lessonRoutes.recordLesson, lessonHandlers.recordLesson)
    .openapi(lessonRoutes.evaluateLesson, lessonHandlers.evaluateLesson)
    .upload(attachmentRoutes.uploadAttachment, attachmentHandlers.uploadAttachment, {
      maxBytes: UPLOAD_BODY_MAX_BYTES,
    })
    .openapi(attachmentRoutes.listAttachments, attachmentHandlers.listAttachments)
    .openapi(attachmentRoutes.deleteAttachment, attachmentHandlers.deleteAttachment)
    .openapi(attachmentRoutes.downloadAttachment, attachmentHandlers.downloadAttachment)
    .openapi(progressRoutes.getProgress, progressHandlers.getProgress)
    .openapi(materialRoutes.assignMaterial, materialHandlers.assignMaterial)
    .openapi(materialRoutes.listMaterials, materialHandlers.listMaterials)
    .openapi(goalRoutes.createGoal, goalHandlers.createGoal)
    .openapi(goalRoutes.listGoals, goalHandlers.listGoals)
    .openapi(guardianRoutes.linkGuardian, guardianHandlers.linkGuardian)
    .openapi(guardianRoutes.listGuardians, guardianHandlers.listGuardians)
    .openapi(invitationRoutes.inviteGuardian, invitationHandlers.inviteGuardian)
    .openapi(invitationRoutes.previewInvitation, invitationHandlers.previewInvitation)
    .openapi(invitationRoutes.acceptInvitation, invitationHandlers.acceptInvitation)
    .openapi(invitationRoutes.listMyLearners, invitationHandlers.listMyLearners)
    .openapi(logbookRoutes.getLogbook, logbookHandlers.getLogbook)
    .openapi(logbookRoutes.listPracticeEntries, logbookHandlers.listPracticeEntries)
    .openapi(logbookRoutes.submitPracticeEntry, logbookHandlers.submitPracticeEntry)
    .openapi(logbookRoutes.confirmPracticeEntry, logbookHandlers.confirmPracticeEntry)
    .openapi(logbookRoutes.rejectPracticeEntry, logbookHandlers.rejectPracticeEntry)
    .openapi(assessmentRoutes.recordMockTest, assessmentHandlers.recordMockTest)
    .openapi(assessmentRoutes.listMockTests, assessmentHandlers.listMockTests)
    .openapi(assessmentRoutes.bookTest, assessmentHandlers.bookTest)
    .openapi(assessmentRoutes.listTests, assessmentHandlers.listTests)
    .openapi(assessmentRoutes.recordTestResult, assessmentHandlers.recordTestResult)
    // /documents/expiring before /documents/{id}/verify (distinct shapes, but kept in that order).
    .openapi(documentRoutes.listExpiring, documentHandlers.listExpiring)
    .openapi(documentRoutes.addDocument, documentHandlers.addDocument)
    .openapi(documentRoutes.listDocuments, documentHandlers.listDocuments)
    .openapi(documentRoutes.verifyDocument, documentHandlers.verifyDocument)
    .openapi(documentRoutes.updateDocument, documentHandlers.updateDocument)
    .openapi(documentRoutes.removeDocument, documentHandlers.removeDocument);
}
