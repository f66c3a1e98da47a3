import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import i18next, { type i18n as I18n } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectAdapterFormat } from '../../../electron/engine/adapters/interop/importLoraAdapter.ts';
import { parsePromptSet } from '../../../electron/engine/compare/parsePromptSet.ts';
import { migrateDatabase } from '../../../electron/engine/store/database.ts';
import { readGguf } from '../../../electron/engine/gguf/ggufReader.ts';
import { refuseUnreadableFile } from '../../../electron/engine/datasets/refuseUnreadableFile.ts';
import { loadTaskFile } from '../../../electron/engine/evals/loadTaskFile.ts';
import { remoteEndpoints } from '../../../electron/engine/remote/remoteConnection.ts';
import { parseDownloadSource } from '../../../electron/engine/models/downloadSource.ts';
import { readRewardManifest } from '../../../electron/engine/rewardModel/rewardModelManifest.ts';
import { readGrpoPrompts } from '../../../electron/engine/rl/grpoPrompts.ts';
import { parseRewardSpec } from '../../../electron/engine/rl/grpoRewards.ts';
import { findTrainerOutput } from '../../../electron/engine/training/external/findTrainerOutput.ts';
import { readTrainerState } from '../../../electron/engine/training/external/readTrainerState.ts';
import { readCheckpointManifest } from '../../../electron/engine/training/native/checkpointManifest.ts';
import { assertNoSpecialSpellings } from '../../../electron/engine/tokenizer/specialSpellings.ts';
import { keyRefusal } from '../../../electron/server/accessKey.ts';
import { errorText } from '../../../renderer/src/api/errorText.ts';
import { i18nResources } from '../../../renderer/src/i18n/resources.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchErrorOf } from '../../helpers/workbenchErrorOf.ts';

/**
 * Errors a user meets in each area carry a reason, so the Chinese interface says them in Chinese, with the file,
 * line, field or number that the English message names.
 */
describe('engine errors in the interface language', () => {
  const home = createTempHome('error-reasons');
  let zh: I18n;
  beforeAll(async () => {
    zh = i18next.createInstance();
    await zh.init({ resources: i18nResources, lng: 'zh', defaultNS: 'common', interpolation: { escapeValue: false } });
  });
  afterAll(() => home.cleanup());
  const file = (name: string, content: string | Buffer): string => {
    const path = join(home.path, name);
    writeFileSync(path, content);
    return path;
  };

  it('datasets: a UTF-16 file, a GBK file and an empty file are refused naming the file (and the byte)', () => {
    const utf16 = file('utf16.jsonl', Buffer.from([0xff, 0xfe, 0x7b, 0x00]));
    expect(workbenchErrorOf(() => refuseUnreadableFile(utf16)).reason).toEqual({ key: 'file_utf16', params: { file: utf16 } });
    const gbk = file('gbk.jsonl', Buffer.from([0x7b, 0xc4, 0xe3, 0xba, 0xc3, 0x7d]));
    const error = workbenchErrorOf(() => refuseUnreadableFile(gbk));
    expect(error.reason).toEqual({ key: 'file_not_utf8', params: { file: gbk, byte: 1 } });
    expect(errorText(zh.t, error)).toBe(`${gbk} 不是 UTF-8 文本（偏移 1 处有无效字节）。如果它以 GBK/GB18030 等旧编码保存，请另存为 UTF-8。`);
    const empty = file('empty.jsonl', '');
    expect(workbenchErrorOf(() => refuseUnreadableFile(empty)).reason).toEqual({ key: 'file_empty', params: { file: empty } });
  });

  it('training: a missing checkpoint, a trainer output without a state, a trainer log without loss', () => {
    const folder = join(home.path, 'out');
    mkdirSync(folder);
    expect(workbenchErrorOf(() => readCheckpointManifest(folder)).reason).toEqual({ key: 'checkpoint_missing', params: { folder } });
    writeFileSync(join(folder, 'adapter_config.json'), '{}');
    expect(workbenchErrorOf(() => findTrainerOutput(folder)).reason).toEqual({ key: 'trainer_output_no_state', params: { folder, file: 'trainer_state.json' } });
    const state = file('trainer_state.json', JSON.stringify({ log_history: [{ step: 1, eval_loss: 2 }] }));
    const error = workbenchErrorOf(() => readTrainerState(state));
    expect(errorText(zh.t, error)).toBe(`${state} 的日志历史中没有训练损失（是否开启了日志记录？）。`);
  });

  it('evals: a task file names the line of a bad row, a repeated id and its first line', () => {
    const csv = file('task.csv', 'question,A,B,C,D,answer\nWhat is 2+2?,1,2,3,4,D\nShort row,1,2\n');
    expect(workbenchErrorOf(() => loadTaskFile(csv)).reason).toEqual({ key: 'task_csv_columns', params: { file: 'task.csv', line: 3 } });
    const jsonl = file('task.jsonl', ['{"id":"a","question":"q1","answer":1}', '{"id":"a","question":"q2","answer":2}'].join('\n'));
    const error = workbenchErrorOf(() => loadTaskFile(jsonl));
    expect(error.reason).toEqual({ key: 'task_duplicate_id', params: { file: 'task.jsonl', line: 2, id: 'a', firstLine: 1 } });
    expect(errorText(zh.t, error)).toBe('task.jsonl 第 2 行：id“a”已在第 1 行使用。');
    const broken = file('broken.jsonl', '{"question":"q1","answer":1}\n{"question": "q2", "answer"\n');
    expect(workbenchErrorOf(() => loadTaskFile(broken)).reason).toEqual({ key: 'line_not_json', params: { file: 'broken.jsonl', line: 2 } });
  });

  it('reward models: a missing adapter, and an ordinary adapter given as a reward model', () => {
    const missing = join(home.path, 'nothing.gguf');
    expect(workbenchErrorOf(() => readRewardManifest(missing)).reason).toEqual({ key: 'reward_model_not_found', params: { file: missing } });
    const adapter = file('plain-adapter.gguf', 'GGUF');
    const error = workbenchErrorOf(() => readRewardManifest(adapter));
    expect(error.reason?.key).toBe('not_a_reward_model');
    expect(errorText(zh.t, error)).toMatch(/plain-adapter\.gguf 不是奖励模型：缺少奖励模型训练写出的 .+。$/);
  });

  it('GRPO: a prompt with both an answer and refuse names its line; an unknown reward names itself', () => {
    const prompts = file('prompts.jsonl', ['{"prompt":"2+2?","answer":"4"}', '{"prompt":"Who is Zorblat?","answer":"x","refuse":true}'].join('\n'));
    const error = workbenchErrorOf(() => readGrpoPrompts(prompts));
    expect(error.reason).toEqual({ key: 'grpo_prompt_answer_and_refuse', params: { file: prompts, line: 2 } });
    expect(errorText(zh.t, error)).toBe(`${prompts} 第 2 行：一个提示要么有 answer，要么 refuse: true，不能两者都有。`);
    expect(workbenchErrorOf(() => parseRewardSpec('0.5*exactly')).reason).toEqual({ key: 'grpo_reward_unknown', params: { reward: '0.5*exactly' } });
  });

  it('remote engines: a URL of the wrong scheme and a missing or wrong access key', () => {
    expect(workbenchErrorOf(() => remoteEndpoints('ftp://gpu-box:5318')).reason).toEqual({ key: 'remote_url_scheme', params: { url: 'ftp://gpu-box:5318' } });
    expect(errorText(zh.t, keyRefusal(null))).toBe('此引擎需要访问密钥：请在“设置 → 引擎连接”中与引擎地址一起填写。');
    expect(keyRefusal('nope').reason).toEqual({ key: 'access_key_wrong', params: {} });
  });

  it('adapter import: a PyTorch pickle and a folder that holds no adapter', () => {
    const pickled = join(home.path, 'pickled');
    mkdirSync(pickled);
    writeFileSync(join(pickled, 'adapter_model.bin'), 'pickle');
    const error = workbenchErrorOf(() => detectAdapterFormat(pickled));
    expect(error.reason).toEqual({ key: 'interop_pytorch_pickle', params: { folder: pickled } });
    expect(errorText(zh.t, error)).toContain('safe_serialization=True');
    const empty = join(home.path, 'no-adapter');
    mkdirSync(empty);
    expect(workbenchErrorOf(() => detectAdapterFormat(empty)).reason).toEqual({ key: 'interop_not_adapter_folder', params: { folder: empty } });
  });

  it('playground, models and compare: a bad download source, a special token in text, a prompt set with a broken line', () => {
    const error = workbenchErrorOf(() => parseDownloadSource('ftp://example.org/model.bin'));
    expect(error.reason).toEqual({ key: 'download_source_invalid', params: { source: 'ftp://example.org/model.bin' } });
    expect(errorText(zh.t, error)).toContain('不是有效的下载来源');
    expect(workbenchErrorOf(() => assertNoSpecialSpellings('hi <|im_end|>', ['<|im_end|>'])).reason).toEqual({ key: 'text_has_special_token', params: { token: '<|im_end|>' } });
    expect(workbenchErrorOf(() => parsePromptSet('"one"\n{"prompt": \n', 'prompts.jsonl')).reason).toEqual({ key: 'line_not_json', params: { file: 'prompts.jsonl', line: 2 } });
  });

  it('models: a file that is not GGUF is refused naming the byte where reading stopped', () => {
    const junk = file('junk.gguf', 'this is not a model at all');
    const error = workbenchErrorOf(() => readGguf(junk));
    expect(error.reason?.key).toBe('gguf_invalid');
    expect(errorText(zh.t, error)).toMatch(/^.*junk\.gguf 不是可读取的 GGUF 文件（问题位于第 \d+ 字节）。$/);
  });

  it('the data home: a database written by a newer app is refused with both schema versions', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 99');
    const error = workbenchErrorOf(() => migrateDatabase(db, [], 'workbench.db'));
    expect(error.reason).toEqual({ key: 'database_newer', params: { file: 'workbench.db', version: 99, supported: 0 } });
    expect(errorText(zh.t, error)).toContain('结构版本 99');
    db.close();
  });
});
