// Public API of @kestrel/server-user.
export { userService } from './app.js';
export { UserErrors } from './errors.js';
