import type { ApiServerStrings } from '../en/apiServer.ts';

export const zhApiServer: ApiServerStrings = {
  title: '本地 API（兼容 OpenAI）',
  intro: '让其他工具通过 OpenAI API 使用你库中的模型和适配器：/v1/models、/v1/chat/completions、/v1/completions、/v1/embeddings。模型 id：库中的名称，或 名称+适配器（名称+适配器@0.5 指定强度）。',
  enabled: '提供 API 服务',
  running: '运行中：{{url}}',
  stoppedHere: '这个独立监听已停止',
  mounted: 'OpenAI 客户端由应用自身的服务器在 {{url}} 提供服务（workbench serve --api）。',
  stopped: '已停止',
  host: '绑定地址',
  hostHint: '127.0.0.1 只允许本机访问。其他地址必须设置 API 密钥。',
  port: '端口',
  apiKey: 'API 密钥（Bearer）',
  apiKeySet: '已设置密钥；输入新密钥即可替换。',
  apiKeyNone: '未设置密钥：只有本机可以调用。',
  removeKey: '移除密钥',
  save: '应用',
  error: '未运行：{{error}}',
};
