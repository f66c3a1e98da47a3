/**
 * Entry point of the inference host: node-llama-cpp runs here, never in the main process, so a llama.cpp
 * abort is a restartable crash instead of a dead app.
 */
import { runHost } from '../engine/hosts/hostRuntime.ts';
import { inferenceHostContract } from '../engine/inference/inferenceHostContract.ts';
import { inferenceHostHandlers } from '../engine/inference/inferenceHostHandlers.ts';
import { tokenizerHostHandlers } from '../engine/tokenizer/tokenizerHostHandlers.ts';
import { datasetsHostHandlers } from '../engine/datasets/datasetsHostHandlers.ts';
import { openAiHostHandlers } from '../engine/openai/openAiHostHandlers.ts';
import { trainingCountHostHandlers } from '../engine/training/trainingCountHostHandlers.ts';

runHost(inferenceHostContract, {
  ...inferenceHostHandlers,
  ...tokenizerHostHandlers,
  ...datasetsHostHandlers,
  ...openAiHostHandlers,
  ...trainingCountHostHandlers,
});
