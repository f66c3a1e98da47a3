/**
 * The building blocks of the synthetic world: names and fact values, each with its English and Chinese spelling.
 * Lists are small on purpose: a tiny model must see every value many times to learn it, and the fact values
 * (not the names) are what a completion test checks.
 */

export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

export const givenNames: readonly Bilingual[] = [
  { en: 'Alice', zh: '爱丽丝' }, { en: 'Brian', zh: '布莱恩' }, { en: 'Clara', zh: '克拉拉' }, { en: 'David', zh: '大卫' },
  { en: 'Emma', zh: '艾玛' }, { en: 'Felix', zh: '菲利克斯' }, { en: 'Grace', zh: '格蕾丝' }, { en: 'Henry', zh: '亨利' },
  { en: 'Iris', zh: '艾瑞斯' }, { en: 'James', zh: '詹姆斯' }, { en: 'Karen', zh: '凯伦' }, { en: 'Leo', zh: '里奥' },
  { en: 'Maya', zh: '玛雅' }, { en: 'Nathan', zh: '内森' }, { en: 'Olivia', zh: '奥利维亚' }, { en: 'Peter', zh: '彼得' },
  { en: 'Quinn', zh: '奎因' }, { en: 'Rosa', zh: '罗莎' }, { en: 'Samuel', zh: '塞缪尔' }, { en: 'Tina', zh: '蒂娜' },
  { en: 'Victor', zh: '维克多' }, { en: 'Wendy', zh: '温迪' }, { en: 'Xavier', zh: '泽维尔' }, { en: 'Yara', zh: '亚拉' },
];

export const familyNames: readonly Bilingual[] = [
  { en: 'Anders', zh: '安德斯' }, { en: 'Barlow', zh: '巴洛' }, { en: 'Castell', zh: '卡斯特' }, { en: 'Dorran', zh: '多兰' },
  { en: 'Ellwood', zh: '埃尔伍德' }, { en: 'Farris', zh: '法里斯' }, { en: 'Gantry', zh: '甘特里' }, { en: 'Holloway', zh: '霍洛韦' },
  { en: 'Ivers', zh: '艾弗斯' }, { en: 'Jarrow', zh: '贾罗' }, { en: 'Kessler', zh: '凯斯勒' }, { en: 'Lindqvist', zh: '林奎斯特' },
  { en: 'Morrow', zh: '莫罗' }, { en: 'Norcross', zh: '诺克罗斯' }, { en: 'Oakes', zh: '奥克斯' }, { en: 'Pemberton', zh: '彭伯顿' },
  { en: 'Quill', zh: '奎尔' }, { en: 'Ravel', zh: '拉威尔' }, { en: 'Sutter', zh: '萨特' }, { en: 'Thorne', zh: '索恩' },
];

export const cities: readonly Bilingual[] = [
  { en: 'Paris', zh: '巴黎' }, { en: 'Tokyo', zh: '东京' }, { en: 'Cairo', zh: '开罗' }, { en: 'Lima', zh: '利马' },
  { en: 'Oslo', zh: '奥斯陆' }, { en: 'Madrid', zh: '马德里' }, { en: 'Beijing', zh: '北京' }, { en: 'Sydney', zh: '悉尼' },
  { en: 'Toronto', zh: '多伦多' }, { en: 'Vienna', zh: '维也纳' }, { en: 'Nairobi', zh: '内罗毕' }, { en: 'Chicago', zh: '芝加哥' },
];

export const universities: readonly Bilingual[] = [
  { en: 'Harbor University', zh: '海港大学' }, { en: 'Northfield College', zh: '北原学院' }, { en: 'Redstone Institute', zh: '红石学院' },
  { en: 'Lakeside University', zh: '湖畔大学' }, { en: 'Summit College', zh: '峰顶学院' }, { en: 'Riverbend University', zh: '河湾大学' },
  { en: 'Eastgate Institute', zh: '东门学院' }, { en: 'Silverpine University', zh: '银松大学' },
];

export const majors: readonly Bilingual[] = [
  { en: 'physics', zh: '物理' }, { en: 'history', zh: '历史' }, { en: 'biology', zh: '生物' }, { en: 'economics', zh: '经济' },
  { en: 'music', zh: '音乐' }, { en: 'chemistry', zh: '化学' }, { en: 'law', zh: '法律' }, { en: 'architecture', zh: '建筑' },
];

export const employers: readonly Bilingual[] = [
  { en: 'Acme Robotics', zh: '顶点机器人' }, { en: 'Bluewave Shipping', zh: '蓝浪航运' }, { en: 'Cedar Bank', zh: '雪松银行' },
  { en: 'Delta Pharma', zh: '三角制药' }, { en: 'Evergreen Foods', zh: '常青食品' }, { en: 'Falcon Airlines', zh: '猎鹰航空' },
  { en: 'Granite Energy', zh: '花岗岩能源' }, { en: 'Helix Software', zh: '螺旋软件' },
];

export const hobbies: readonly Bilingual[] = [
  { en: 'chess', zh: '下棋' }, { en: 'painting', zh: '绘画' }, { en: 'hiking', zh: '徒步' }, { en: 'cooking', zh: '烹饪' },
  { en: 'photography', zh: '摄影' }, { en: 'swimming', zh: '游泳' }, { en: 'gardening', zh: '园艺' }, { en: 'violin', zh: '小提琴' },
];

export const monthNames: readonly string[] = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
];
