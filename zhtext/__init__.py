"""Chinese text: numbers, places (GB/T 2260), the money role, life-safety words, masking, tokens.

Plain Python (cn2an, jieba) shared by the assistant (bot/, Python 3.10), the household facts
(household/) and the ticket service (api/, Python 3.11). The lowest layer: it imports no other
part of the project and no framework.

| module | what |
| --- | --- |
| `numbers` | 两千五 -> 2500, 七十多岁 -> 70, 三口人 -> 3, 二级 -> 2 |
| `places` | place and town names -> GB/T 2260 codes (tables `data/gbt2260.csv`, `data/towns.csv`) |
| `money_role` | a sum of money: monthly income or another amount, from its clause |
| `safety` | life-safety signals and urgency |
| `masking` | phone and ID numbers masked, however they are written |
| `tokens` | jieba tokens with number expressions whole (the NLU's tokenizer) |
"""
