// The Service Bus entities the help desk uses. The Bicep templates and the local emulator declare
// the same names (tests hold them together).
export const EVENTS_TOPIC = 'ticket-events';
export const NOTIFICATIONS_SUBSCRIPTION = 'notifications';
export const SLA_SUBSCRIPTION = 'sla';
/** The counters behind the SLA report (issue 23), kept apart so a slow count never holds up timers or mail. */
export const STATS_SUBSCRIPTION = 'stats';
export const SLA_TIMERS_QUEUE = 'sla-timers';
/** The connection name Service Bus triggers use; in Azure, `ServiceBusConnection__fullyQualifiedNamespace`. */
export const TRIGGER_CONNECTION = 'ServiceBusConnection';

export type BusEntity = { topic: string; subscription: string } | { queue: string };

export function entityPath(e: BusEntity): string {
  return 'queue' in e ? e.queue : `${e.topic}/Subscriptions/${e.subscription}`;
}
