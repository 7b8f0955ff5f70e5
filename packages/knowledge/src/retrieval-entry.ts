// What the web app needs (searching a store from its page) without the parsers, which only workers load.
export { createRetrievalService, type RetrievalOptions } from "./retrieve";
export { loadEmbeddingTarget, type EmbeddingTarget } from "./embedding";
