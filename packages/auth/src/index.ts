export { buildAuthOptions, enabledOAuthProviders } from "./auth-options";
export { clientAddress } from "./client-address";
export { hashPassword, verifyPassword } from "./password";
export { revokeSessions, sessionIsCurrent } from "./session-version";
export { signUpSchema, signInSchema, emailSchema, passwordSchema, type SignUpInput } from "./credentials";
export { checkLoginAllowed, recordFailedLogin, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_IP } from "./login-limits";
