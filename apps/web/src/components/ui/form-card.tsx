// An inline creation form ("New bot", "New store", "New deployment"): tinted so it reads as a draft
// that is not saved yet. Layout (row, grid) is the caller's.
import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

export function FormCard({ className, ...props }: ComponentProps<"form">) {
  return <form className={cn("mb-4 rounded-lg border border-indigo-200 bg-indigo-50/50 p-3", className)} {...props} />;
}
