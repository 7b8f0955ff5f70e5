// The Dockerfile's stages, parsed with dockerfile-ast: each FROM and the instructions under it.
import { DockerfileParser, type Instruction } from "dockerfile-ast";

export interface Stage {
  name: string | undefined;
  image: string;
  instructions: Instruction[];
}

export function dockerfileStages(text: string): Stage[] {
  const dockerfile = DockerfileParser.parse(text);
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === "FROM") {
      const from = dockerfile.getFROMs().find((each) => each.getRange().start.line === instruction.getRange().start.line)!;
      stages.push({ name: from.getBuildStage() ?? undefined, image: from.getImageName() ?? "", instructions: [] });
    } else if (keyword === "ARG" && !stages.length)
      continue; // build arguments before the first FROM
    else if (!stages.length) throw new Error(`line ${instruction.getRange().start.line + 1}: ${keyword} before the first FROM`);
    else stages.at(-1)!.instructions.push(instruction);
  }
  return stages;
}
