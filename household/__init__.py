"""The household: one vocabulary, field paths, facts from NLU entities and from answers.

Plain Python shared by the assistant (bot/, Python 3.10 with Rasa), the ticket service's intake
(api/, Python 3.11) and the rules (policies/). It imports no rasa, fastapi or sqlalchemy.

| module | what |
| --- | --- |
| `vocabulary` | every enum of household.schema.json with its Chinese label; field kinds |
| `needs` | the request categories (the contract's need intents) with their Chinese names |
| `words` | Chinese words -> vocabulary values (老伴 -> spouse, 初中 -> junior_high) |
| `paths` | field paths: 'members[1].age', 'expenses_12m.education' |
| `facts` | a household from NLU entities and keywords; the schema document |
| `answers` | an answer to one question read against that question |
| `describe` | short Chinese phrases for what is known |
| `questions` | the Chinese question for a field path, naming the member it is about |
"""
