export { buildAuthOptions, enabledOAuthProviders } from "./auth-options";
export { clientAddress } from "./client-address";
export { hashPassword, verifyPassword } from "./password";
export { revokeSessions, sessionIsCurrent } from "./session-version";
export { signUpSchema, signInSchema, emailSchema, passwordSchema, type SignUpInput } from "./credentials";
export {
  checkLoginAllowed,
  recordFailedLogin,
  LOGIN_FAILURES_BEFORE_DELAY,
  LOGIN_FAILURES_PER_ACCOUNT_AND_IP,
  LOGIN_FAILURES_PER_IP,
  MAX_LOGIN_DELAY_MS,
} from "./login-limits";
