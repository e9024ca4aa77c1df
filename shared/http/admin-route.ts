/**
 * The first segment of every admin route, in one place because it may have to change: the real
 * Functions host reserves routes that start with `admin` for its own management API, whatever the
 * route prefix, and puts such functions in error at start-up ("The specified route conflicts with
 * one or more built in routes"; azure-functions-host#1781). The local host does not enforce that.
 * A module of its own: function files read it when they register, before anything else loads.
 */
export const ADMIN_ROUTE = 'admin';
