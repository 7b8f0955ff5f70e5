// What sign-up and sign-in accept. Shared by the API route, the next-auth provider and the forms.
import { z } from "zod";

export const emailSchema = z
  .string({ error: "Enter your email address" })
  .trim()
  .toLowerCase()
  .max(254, "Email is too long")
  .email("Enter a valid email address");

export const passwordSchema = z
  .string({ error: "Enter a password" })
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters");

export const signUpSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string({ error: "Enter your name" }).trim().min(1, "Enter your name").max(100, "Use at most 100 characters"),
});

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(200),
});

export type SignUpInput = z.infer<typeof signUpSchema>;
