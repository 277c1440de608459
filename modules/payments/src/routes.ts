import type { ModuleRouter } from '@dualcontrol/platform';
import * as accountHandlers from './account/account.handlers.ts';
import * as accountRoutes from './account/account.routes.ts';
import * as creditHandlers from './credits/credits.handlers.ts';
import * as creditRoutes from './credits/credits.routes.ts';
import * as earningsHandlers from './earnings/earnings.handlers.ts';
import * as earningsRoutes from './earnings/earnings.routes.ts';
import * as feeHandlers from './fees/fees.handlers.ts';
import * as feeRoutes from './fees/fees.routes.ts';
import * as invoiceHandlers from './invoices/invoices.handlers.ts';
import * as invoiceRoutes from './invoices/invoices.routes.ts';
import * as methodHandlers from './methods/methods.handlers.ts';
import * as methodRoutes from './methods/methods.routes.ts';
import * as packageHandlers from './packages/packages.handlers.ts';
import * as packageRoutes from './packages/packages.routes.ts';
import * as paymentHandlers from './payments/payments.handlers.ts';
import * as paymentRoutes from './payments/payments.routes.ts';
import * as planHandlers from './plans/plans.handlers.ts';
import * as planRoutes from './plans/plans.routes.ts';
import * as refundHandlers from './refunds/refunds.handlers.ts';
import * as refundRoutes from './refunds/refunds.routes.ts';
import * as reportHandlers from './reports/reports.handlers.ts';
import * as reportRoutes from './reports/reports.routes.ts';
import * as settingsHandlers from './settings/settings.handlers.ts';
import * as settingsRoutes from './settings/settings.routes.ts';
import * as webhookHandlers from './webhooks/webhooks.handlers.ts';
import * as webhookRoutes from './webhooks/webhooks.routes.ts';

/** Mounts every payments operation; the module router puts each behind the module gate. */
export function mountPaymentsRoutes(router: ModuleRouter): void {
  router
    .openapi(accountRoutes.getAccount, accountHandlers.getAccount)
    .openapi(accountRoutes.putAccount, accountHandlers.putAccount)
    .openapi(settingsRoutes.getSettings, settingsHandlers.getSettings)
    .openapi(settingsRoutes.updateSettings, settingsHandlers.updateSettings)
    .openapi(methodRoutes.listCards, methodHandlers.listCards)
    .openapi(methodRoutes.saveCard, methodHandlers.saveCard)
    .openapi(methodRoutes.removeCard, methodHandlers.removeCard)
    .openapi(methodRoutes.startCardSetup, methodHandlers.startCardSetup)
    .openapi(methodRoutes.makeDefaultCard, methodHandlers.makeDefaultCard)
    .openapi(paymentRoutes.listPayments, paymentHandlers.listPayments)
    .openapi(paymentRoutes.getPayment, paymentHandlers.getPayment)
    .openapi(paymentRoutes.recordPayment, paymentHandlers.recordPayment)
    .openapi(paymentRoutes.payBooking, paymentHandlers.payBooking)
    .openapi(paymentRoutes.cancelPayment, paymentHandlers.cancelPayment)
    .openapi(refundRoutes.createRefund, refundHandlers.createRefund)
    .openapi(refundRoutes.listRefunds, refundHandlers.listRefunds)
    .openapi(creditRoutes.getCredit, creditHandlers.getCredit)
    .openapi(creditRoutes.adjustCredit, creditHandlers.adjustCredit)
    .openapi(packageRoutes.listPackages, packageHandlers.listPackages)
    .openapi(packageRoutes.createPackage, packageHandlers.createPackage)
    .openapi(packageRoutes.updatePackage, packageHandlers.updatePackage)
    .openapi(packageRoutes.purchasePackage, packageHandlers.purchasePackage)
    .openapi(invoiceRoutes.listInvoices, invoiceHandlers.listInvoices)
    .openapi(invoiceRoutes.getInvoice, invoiceHandlers.getInvoice)
    .openapi(invoiceRoutes.getInvoicePdf, invoiceHandlers.getInvoicePdf)
    .openapi(planRoutes.createPlan, planHandlers.createPlan)
    .openapi(planRoutes.getPlan, planHandlers.getPlan)
    .openapi(planRoutes.changePlan, planHandlers.changePlan)
    .openapi(feeRoutes.listFees, feeHandlers.listFees)
    .openapi(feeRoutes.waiveFee, feeHandlers.waiveFee)
    .openapi(earningsRoutes.getEarnings, earningsHandlers.getEarnings)
    .openapi(earningsRoutes.createPayout, earningsHandlers.createPayout)
    .openapi(reportRoutes.revenue, reportHandlers.revenue)
    .openapi(reportRoutes.outstanding, reportHandlers.outstanding)
    .openapi(reportRoutes.packageUsage, reportHandlers.packageUsage)
    .openapi(webhookRoutes.stripeWebhook, webhookHandlers.stripeWebhook);
}
