/** The demo's feedback on the platform itself: submitted, two of them answered. */
import { DAY, type DemoReplay } from './demo-replay.js';

/** Six pieces of feedback from counties, a third of them anomalies. */
export async function seedFeedback(demo: DemoReplay, counties: readonly string[]): Promise<void> {
  const { rnd } = demo;
  for (let i = 0; i < 6; i++) {
    const unit = counties[i * 2]!;
    demo.at(demo.realNow - rnd.int(1, 30) * DAY);
    const id = await demo.create('feedback', unit, {
      kind: i % 3 === 0 ? 'anomaly' : 'suggestion',
      subject: rnd.pick(['希望增加批量导出', '统计图表加载较慢', '建议增加短信提醒', '案件审理意见模板']),
      description: '在日常使用中发现，建议予以改进。',
      ...(i % 3 === 0 ? { where: '线索登记页面' } : {}),
    });
    demo.at(demo.clock + DAY);
    await demo.act(id, 'submit');
    if (i < 2) {
      demo.at(demo.clock + DAY);
      await demo.act(id, 'answer', { response: '已收悉，将在下一版本中改进。' });
    }
  }
}
