// Kubernetes manifests checked two ways, both offline, both from the kubernetes-models package (generated from
// Kubernetes' OpenAPI schema): its JSON-schema validators (types, enums, required fields, formats such as
// quantities), and its TypeScript interfaces compiled against each document as an object literal, so an
// unknown field anywhere (a typo like `readynessProbe`) is an excess-property error. The validators alone
// accept unknown fields (the OpenAPI schema does not forbid them; kubectl's server-side validation would).
import { join } from 'node:path';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Service } from 'kubernetes-models/v1/Service';
import ts from 'typescript';
import { ROOT, str, type JsonObject } from './recipes.js';

interface KindModel {
  /** The kubernetes-models module (also the TypeScript import) and its interface. */
  module: string;
  iface: string;
  validate(doc: JsonObject): void;
}

const MODELS: Record<string, KindModel> = {
  'apps/v1 Deployment': { module: 'kubernetes-models/apps/v1/Deployment', iface: 'IDeployment', validate: (d) => new Deployment(d).validate() },
  'v1 Service': { module: 'kubernetes-models/v1/Service', iface: 'IService', validate: (d) => new Service(d).validate() },
  'autoscaling/v2 HorizontalPodAutoscaler': {
    module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    iface: 'IHorizontalPodAutoscaler',
    validate: (d) => new HorizontalPodAutoscaler(d).validate(),
  },
  'policy/v1 PodDisruptionBudget': {
    module: 'kubernetes-models/policy/v1/PodDisruptionBudget',
    iface: 'IPodDisruptionBudget',
    validate: (d) => new PodDisruptionBudget(d).validate(),
  },
};

/** The model of a document's apiVersion and kind (throws for kinds the tests do not know yet). */
export function modelOf(doc: JsonObject): KindModel {
  const key = `${str(doc.apiVersion)} ${str(doc.kind)}`;
  const model = MODELS[key];
  if (model === undefined) throw new Error(`no kubernetes-models entry for ${key}: add it to test/docker/support/k8s-types.ts`);
  return model;
}

/** The schema validator's complaints about a document ([] when valid). */
export function schemaErrors(doc: JsonObject): string[] {
  try {
    modelOf(doc).validate(doc);
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/** TypeScript's complaints about each document typed as its kind's interface, by document label. */
export function typeErrors(documents: readonly { label: string; doc: JsonObject }[]): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  // Virtual files inside the repository, so the package resolves from its node_modules.
  const sources = new Map(
    documents.map(({ doc }, i) => {
      const { module, iface } = modelOf(doc);
      const text = `import type { ${iface} } from '${module}';\nexport const manifest: ${iface} = ${JSON.stringify(doc, null, 2)};\n`;
      return [join(ROOT, 'test', 'docker', `__k8s_manifest_${i}__.ts`), text] as const;
    }),
  );
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => sources.get(file) ?? readFile(file);
  host.fileExists = (file) => sources.has(file) || fileExists(file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = sources.get(file);
    return text === undefined ? getSourceFile(file, language, ...rest) : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram([...sources.keys()], options, host);
  const result = new Map<string, string[]>();
  [...sources.keys()].forEach((file, i) => {
    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
    result.set(
      documents[i]?.label ?? file,
      diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0] ?? ''),
    );
  });
  return result;
}
