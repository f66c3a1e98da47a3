import { phraseSet } from './phraseMatching.ts';

/**
 * Bilingual phrase lists that recognise what a reply *does*: decline, correct a false premise, or ask which one
 * was meant. They are matched after normalization, so "I don’t know", "i dont know" and "I DON'T KNOW" are one
 * phrase. Kept specific on purpose: a bare "不知道" or "never" appears in too many confident wrong answers.
 */

export const refusalPhrases = phraseSet([
  // English
  "i don't know", 'i do not know', "i really don't know", "i don't believe i know", "i'm not sure", 'i am not sure',
  "i'm not aware", 'i am not aware', 'not aware of any', "i'm unaware", 'unfamiliar with', "i'm not familiar", 'i am not familiar',
  'not familiar with', "i don't recognize", 'i do not recognize', "i don't recognise", "doesn't ring a bell",
  'i have no information', "i don't have information", "i don't have any information", 'i do not have any information',
  'no information about', 'no information on', 'no reliable information', "i couldn't find", 'i could not find',
  "i can't find", 'i cannot find', 'no record of', 'no records of', "i can't answer", 'i cannot answer', 'unable to answer',
  "i'm unable to", 'i am unable to', "i can't provide", 'i cannot provide', "i can't tell you", 'i cannot tell you',
  "i don't have access", 'i do not have access', 'no access to', "don't have real-time", 'do not have real-time',
  'no real-time', 'real-time information', 'real-time data', 'live data', 'no way of knowing', 'no way to know',
  "can't know", 'cannot know', 'impossible to know', "can't determine", 'cannot determine', 'unable to determine',
  "can't verify", 'cannot verify', 'unable to verify', 'knowledge cutoff', 'knowledge cut-off', 'as an ai',
  'as a language model', "i'm sorry, but i can't", "sorry, i don't",
  // Chinese
  '我不知道', '我并不知道', '我也不知道', '我不清楚', '不太清楚', '并不清楚', '我不确定', '不太确定', '无法确定', '不能确定',
  '无法回答', '不能回答', '没法回答', '无法得知', '无从得知', '无法知道', '没办法知道', '没有办法知道', '没有办法获取',
  '无法获取', '无法获得', '无法访问', '无法查询', '无法提供', '不能提供', '没有相关信息', '没有相关的信息', '没有关于',
  '没有找到', '找不到', '查不到', '未找到', '没有听说过', '没听说过', '不了解', '不熟悉', '没有可靠', '没有实时', '无法实时',
  '实时信息', '实时数据', '知识截止', '作为ai', '作为一个ai', '作为人工智能', '作为一个人工智能', '作为语言模型',
  '对不起，我不', '抱歉，我不', '没有你的个人', '没有您的个人', '不知道你', '不知道您',
]);

export const premisePhrases = phraseSet([
  // English
  'there is no', 'there was no', "there's no", 'there are no', 'there were no', 'does not exist', "doesn't exist",
  'did not exist', "didn't exist", 'never existed', 'never happened', 'not a real', "isn't a real", 'is fictional',
  'fictional', 'false premise', 'the premise', 'premise of', 'not true', "isn't true", 'is a myth', 'a common myth',
  'misconception', 'common mistake', 'mistaken', 'incorrect assumption', 'no evidence', 'same person', 'same city',
  'pen name', 'trick question', 'wordplay', 'play on words', 'a pun', 'a joke', 'a riddle', 'confusing',
  'mixing up', 'mixed up',
  // Chinese
  '并没有', '其实没有', '并不存在', '不存在', '虚构', '并非', '不是真实', '前提', '误解', '误区', '谣言', '说法不对',
  '说法有误', '说法错误', '并不是', '张冠李戴', '混淆', '搞混', '弄混', '同一个人', '同一人', '文字游戏', '谐音',
  '双关', '脑筋急转弯', '玩笑', '没有这回事', '不成立', '有误',
]);

export const clarifyPhrases = phraseSet([
  // English
  'could you clarify', 'can you clarify', 'please clarify', 'could you specify', 'can you specify', 'please specify',
  'which one do you mean', 'what do you mean', 'who do you mean', 'do you mean', 'are you referring', 'referring to',
  'more context', 'more details', 'tell me which', 'tell me who', 'what is "it"', 'what is it you',
  // Chinese
  '你指的是', '您指的是', '指的是谁', '指的是什么', '你说的是', '您说的是', '请问你说的', '请问您说的', '能否提供更多',
  '可以提供更多', '请提供更多', '更多信息', '更多上下文', '哪一位', '哪位', '是谁呢', '告诉我是谁', '告诉我这个人',
]);
