import type { BotTemplate, FlowPicture } from "@switchyard/templates";

/** A template as the gallery shows it: what it is, what it asks for, and its flow's picture. */
export type GalleryTemplate = Pick<BotTemplate, "id" | "name" | "description" | "roles" | "needsStore"> & { picture: FlowPicture };

export interface ProviderOption {
  id: string;
  name: string;
}

export interface StoreOption {
  id: string;
  name: string;
}
