// deploy/kubernetes, checked without a cluster: every document against the Kubernetes and KEDA schemas,
// then what the schemas cannot say (probes on real endpoints, a budget per Deployment, SSE-safe Ingress).
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { manifestFiles, readManifests, root, schemaErrors, type Manifest } from "./manifests";

const manifests = manifestFiles().flatMap(readManifests);
const ofKind = (kind: string) => manifests.filter((manifest) => manifest.kind === kind);
const commands = ["web", "worker", "migrate", "serve", "health"];

interface Container {
  name: string;
  image: string;
  args?: string[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  envFrom?: { secretRef?: { name: string }; configMapRef?: { name: string } }[];
  securityContext?: { allowPrivilegeEscalation?: boolean };
}
interface PodSpec {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean };
  terminationGracePeriodSeconds?: number;
}
const podSpec = (manifest: Manifest) =>
  manifest.kind === "Job" || manifest.kind === "Deployment"
    ? (manifest as unknown as { spec: { template: { spec: PodSpec; metadata: { labels: Record<string, string> } } } }).spec.template
    : undefined;

describe("the Kubernetes manifests", () => {
  it("are found: web, worker, migrate Job, Secret, Ingress, budgets and the optional autoscaler", () => {
    const kinds = manifests.map((manifest) => `${manifest.kind}/${manifest.metadata.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        "Deployment/switchyard-web",
        "Deployment/switchyard-worker",
        "Job/switchyard-migrate",
        "Secret/switchyard",
        "Ingress/switchyard",
        "PodDisruptionBudget/switchyard-web",
        "PodDisruptionBudget/switchyard-worker",
        "ScaledObject/switchyard-worker",
      ]),
    );
  });

  it.each(manifests.map((manifest) => [`${manifest.file} ${manifest.kind}/${manifest.metadata.name}`, manifest] as const))(
    "%s is valid against its schema",
    async (_name, manifest) => {
      expect(await schemaErrors(manifest)).toEqual([]);
    },
  );

  it("the schema check rejects a broken Deployment (it can fail)", async () => {
    const web = ofKind("Deployment").find((manifest) => manifest.metadata.name === "switchyard-web")!;
    const broken = structuredClone(web) as Manifest & { spec: { replicas: unknown } };
    broken.spec.replicas = "two";
    expect((await schemaErrors(broken)).join()).toMatch(/replicas/);
    const missing = structuredClone(web) as Manifest & { spec: { selector?: unknown } };
    delete missing.spec.selector;
    expect((await schemaErrors(missing)).join()).toMatch(/selector/);
  });

  it("run every container as non-root from one image, with a command the image knows and memory limits", () => {
    const templates = manifests.flatMap((manifest) => podSpec(manifest) ?? []);
    expect(templates.length).toBe(3);
    const images = new Set<string>();
    for (const { spec } of templates) {
      expect(spec.securityContext?.runAsNonRoot).toBe(true);
      for (const container of spec.containers) {
        images.add(container.image);
        expect(commands).toContain(container.args?.[0]);
        expect(container.resources?.requests?.cpu).toBeTruthy();
        expect(container.resources?.limits?.memory).toBeTruthy();
        expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
        expect(container.envFrom?.some((source) => source.secretRef?.name === "switchyard")).toBe(true);
      }
    }
    expect(images.size).toBe(1);
  });

  it("probe the web app's real readiness and liveness routes, and give shutdown more time than the app takes", () => {
    const web = podSpec(ofKind("Deployment").find((manifest) => manifest.metadata.name === "switchyard-web")!)!;
    const container = web.spec.containers[0]!;
    const routeFile = (url: string) => path.join(root, "apps/web/src/app", url, "route.ts");
    expect(container.readinessProbe?.httpGet?.path).toBe("/api/health");
    expect(container.livenessProbe?.httpGet?.path).toBe("/api/health/live");
    for (const url of ["/api/health", "/api/health/live"]) expect(existsSync(routeFile(url)), url).toBe(true);
    const config = ofKind("ConfigMap")[0] as unknown as { data: Record<string, string> };
    for (const [name, variable] of [
      ["switchyard-web", "WEB_SHUTDOWN_GRACE_MS"],
      ["switchyard-worker", "WORKER_SHUTDOWN_GRACE_MS"],
    ] as const) {
      const template = podSpec(ofKind("Deployment").find((manifest) => manifest.metadata.name === name)!)!;
      // plus the preStop pause and the time to close connections
      expect(Number(config.data[variable]) / 1000 + 10).toBeLessThanOrEqual(template.spec.terminationGracePeriodSeconds!);
    }
  });

  it("give each Deployment a PodDisruptionBudget that selects its pods", () => {
    for (const deployment of ofKind("Deployment")) {
      const labels = podSpec(deployment)!.metadata.labels;
      const budgets = ofKind("PodDisruptionBudget").filter((budget) => {
        const selector = (budget as unknown as { spec: { selector: { matchLabels: Record<string, string> } } }).spec.selector.matchLabels;
        return Object.entries(selector).every(([key, value]) => labels[key] === value);
      });
      expect(budgets.length, deployment.metadata.name).toBe(1);
    }
  });

  it("keep the Secret's three settings, and the Ingress SSE-safe: no buffering, an hour's read timeout", () => {
    const secret = ofKind("Secret").find((manifest) => manifest.metadata.name === "switchyard") as unknown as {
      stringData: Record<string, string>;
    };
    expect(Object.keys(secret.stringData).sort()).toEqual(["DATABASE_URL", "REDIS_URL", "SWITCHYARD_SECRET"]);
    const annotations = ofKind("Ingress")[0]!.metadata.annotations!;
    expect(annotations["nginx.ingress.kubernetes.io/proxy-buffering"]).toBe("off");
    expect(Number(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"])).toBeGreaterThanOrEqual(3600);
  });

  it("run the migrations as a Job that is not retried forever", () => {
    const job = ofKind("Job")[0]!;
    expect(podSpec(job)!.spec.containers[0]!.args).toEqual(["migrate"]);
    expect((job as unknown as { spec: { backoffLimit: number } }).spec.backoffLimit).toBeLessThanOrEqual(5);
  });
});
