// Generated but realistic support-knowledge text: documents of sections and paragraphs about
// products, shipping, billing and so on, with a Zipf-like mix of common and rare words, so full-text
// queries match anything from a handful to tens of thousands of chunks, as they do on real stores.
import { mulberry32 } from "../../test/fixtures/providers/shared";

const products = [
  "kettle",
  "toaster",
  "blender",
  "espresso machine",
  "air fryer",
  "rice cooker",
  "juicer",
  "grinder",
  "mixer",
  "microwave",
  "dishwasher",
  "fridge",
  "vacuum",
  "humidifier",
  "heater",
  "fan",
  "router",
  "printer",
  "scanner",
  "monitor",
];
const cities = ["Rotterdam", "Lyon", "Gdansk", "Porto", "Leipzig", "Turin", "Bilbao", "Malmo", "Ghent", "Brno", "Cork", "Graz"];
const topics = [
  "Shipping",
  "Returns",
  "Warranty",
  "Billing",
  "Accounts",
  "Installation",
  "Maintenance",
  "Safety",
  "Troubleshooting",
  "Subscriptions",
  "Privacy",
  "Recycling",
];
const parts = [
  "filter",
  "gasket",
  "heating element",
  "thermostat",
  "power cord",
  "lid hinge",
  "carafe",
  "blade assembly",
  "motor brush",
  "control board",
  "water tank",
  "drip tray",
];
const actions = ["descale", "replace", "reset", "register", "clean", "inspect", "calibrate", "update", "unplug", "tighten"];
const templates = [
  "To {action} the {part} of your {product}, switch it off and wait until it has cooled down completely.",
  "Orders of a {product} ship from our {city} warehouse within {n} working days; tracking arrives by email.",
  "A {product} bought in {city} can be returned within {n} days if it is unused and in its original packaging.",
  "The warranty on the {part} of the {product} lasts {n} years and covers manufacturing defects, not wear.",
  "If the {product} shows error E{n}, {action} the {part} and restart it; call support if the error persists.",
  "Invoices for your {product} subscription are issued on day {n} of each month and can be downloaded from your account.",
  "Customers in {city} can book an engineer to {action} the {part} at home for a flat fee of {n} euros.",
  "Never immerse the {product} in water; {action} the {part} with a damp cloth and a mild detergent instead.",
  "Spare parts such as the {part} for the {product} are stocked in {city} and usually dispatched within {n} hours.",
  "Firmware version {n}.2 improves how the {product} handles the {part}; it installs overnight when connected.",
  "Our recycling partner in {city} collects old appliances like a {product} free of charge when you buy a new one.",
  "Personal data from the {product} app is stored in {city} and deleted {n} days after you close your account.",
];
// rarer vocabulary, drawn with a Zipf-like skew, so some words are common and most are rare
const rare = Array.from(
  { length: 4_000 },
  (_, index) => `${["ver", "lum", "cor", "tal", "mer", "sol", "dran", "pel"][index % 8]}${(index * 7919).toString(36)}`,
);

export function createCorpus(seed = 7) {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const zipf = () => rare[Math.floor(rare.length * random() ** 3)]!;
  const sentence = () =>
    pick(templates)
      .replace(/\{product\}/g, () => pick(products))
      .replace(/\{city\}/g, () => pick(cities))
      .replace(/\{part\}/g, () => pick(parts))
      .replace(/\{action\}/g, () => pick(actions))
      .replace(/\{n\}/g, () => String(1 + Math.floor(random() * 60)));
  const paragraph = () => {
    const sentences = Array.from({ length: 2 + Math.floor(random() * 3) }, sentence);
    sentences.push(`See also ${zipf()} and ${zipf()}.`);
    return sentences.join(" ");
  };

  /** A markdown document with `sections` headed sections of a few paragraphs each. */
  function document(sections: number): string {
    const lines: string[] = [];
    for (let index = 0; index < sections; index++) {
      lines.push(`# ${pick(topics)}: ${pick(products)} ${index + 1}`, "");
      const count = 1 + Math.floor(random() * 3);
      for (let p = 0; p < count; p++) lines.push(paragraph(), "");
    }
    return lines.join("\n");
  }

  /** Questions and keyword searches a user would type, some with rare words, some matching nothing. */
  function query(): string {
    const kinds = [
      () => `How long does shipping to ${pick(cities)} take?`,
      () => `${pick(products)} ${pick(parts)} warranty`,
      () => `how do I ${pick(actions)} the ${pick(parts)}`,
      () => `error E${1 + Math.floor(random() * 60)} on my ${pick(products)}`,
      () => `return a ${pick(products)} bought in ${pick(cities)}`,
      () => `${zipf()} ${pick(products)}`,
      () => `invoice subscription download`,
      () => `${pick(parts)}`,
      () => `quantum teleportation recipe`,
    ];
    return pick(kinds)();
  }
  return { document, query };
}
