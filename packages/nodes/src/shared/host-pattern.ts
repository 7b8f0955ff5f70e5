// A host as people write it in allowlists: api.example.com, api.example.com:8443, *.example.com or
// an IP literal in brackets. One schema for every list that names hosts (HTTP node, HTTP credentials).
import { z } from "zod";

export const hostPatternSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/,
    "Enter hosts such as api.example.com, api.example.com:8443 or *.example.com",
  );
