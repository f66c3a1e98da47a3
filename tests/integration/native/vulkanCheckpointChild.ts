/**
 * Child process of nativeTrainerVulkanResume.test.ts: LoRA SFT on the Vulkan device, a checkpoint after every step,
 * one JSON line per step ({ step, loss, checkpoint }) on stdout; it trains until it is killed.
 * argv: modelPath, checkpoint root.
 */
import { join } from 'node:path';
import { adamw, chatExample, loraSessionOptions, qaPairs } from './trainerFixtures.ts';
import { vulkanTrainer } from './vulkanTrainer.ts';

const [modelPath, root] = process.argv.slice(2) as [string, string];
const { trainer, device } = vulkanTrainer();
if (!device) throw new Error('no Vulkan device');
const session = await trainer.createSession(
  loraSessionOptions(modelPath, { device: device.id, optimizer: adamw({ lr: 5e-3, schedule: { kind: 'constant', warmupSteps: 0, totalSteps: 1000 } }) }),
);
const batch = { sequences: qaPairs.map(([q, a]) => chatExample(session, q, a)) };
for (;;) {
  const { step, loss } = await session.trainStep(batch);
  const checkpoint = join(root, `step-${step}`);
  await session.saveCheckpoint(checkpoint, { backend: session.info.backend });
  process.stdout.write(`${JSON.stringify({ step, loss, checkpoint, backend: session.info.backend })}\n`);
}
