// What Microsoft Graph posts to the help desk's notification webhook (issue 25): a collection of
// change notifications ("changeNotification resource type") and lifecycle notifications
// ("Reduce missing subscriptions and change notifications": missed, subscriptionRemoved,
// reauthorizationRequired), told apart by `lifecycleEvent`. Loose objects: Graph adds properties.
import { z } from 'zod';

const text = (max: number) => z.string().max(max);

export const LIFECYCLE_EVENTS = ['missed', 'subscriptionRemoved', 'reauthorizationRequired'] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

/** One notification: a change (`changeType`, `resourceData.id` the message) or a lifecycle event. */
export const GraphNotification = z
  .looseObject({
    subscriptionId: text(128),
    clientState: text(256).nullish(),
    changeType: text(64).optional(),
    resource: text(2048).optional(),
    resourceData: z.looseObject({ id: text(1024) }).nullish(),
    lifecycleEvent: z.enum(LIFECYCLE_EVENTS).optional(),
  })
  .refine((n) => n.changeType !== undefined || n.lifecycleEvent !== undefined, { error: 'each notification has a changeType (a change) or a lifecycleEvent' });
export type GraphNotification = z.infer<typeof GraphNotification>;

export const GraphNotificationBody = z.looseObject({
  value: z.array(GraphNotification).max(1000),
});
export type GraphNotificationBody = z.infer<typeof GraphNotificationBody>;

/** The query of Graph's validation request when a subscription is made: the token to echo. */
export const GraphValidationQuery = z.looseObject({ validationToken: text(4096).optional() });
