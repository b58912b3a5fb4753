"""Russian texts of the reference data loader's checks of topics, people and agendas."""

RU = {
    "%(where)s: unknown field '%(key)s'.": "%(where)s: неизвестное поле «%(key)s».",
    "%(where)s: not a list.": "%(where)s: это не список.",
    "%(where)s: '%(value)s' is not a key: lowercase letters, digits and hyphens, at most %(limit)s characters.": "%(where)s: «%(value)s» не является ключом: допускаются строчные латинские буквы, цифры и дефисы, не более %(limit)s символов.",
    "%(where)s: '%(key)s' is longer than %(limit)s characters.": "%(where)s: текст «%(key)s» длиннее %(limit)s символов.",
    "%(where)s: '%(key)s' must be a whole number from %(minimum)s to %(maximum)s.": "%(where)s: «%(key)s» должно быть целым числом от %(minimum)s до %(maximum)s.",
    "%(where)s: '%(value)s' is not a time zone (an IANA name such as Asia/Bishkek).": "%(where)s: «%(value)s» не является часовым поясом (нужно название IANA, например Asia/Bishkek).",
    "%(where)s: %(day)s is not a day of the meeting (%(first)s to %(last)s).": "%(where)s: %(day)s не входит в дни встречи (с %(first)s по %(last)s).",
    "%(where)s: a part of an item cannot have parts of its own.": "%(where)s: часть пункта повестки не может сама состоять из частей.",
    '%(where)s: write the time in quotes, as "HH:MM"; without them YAML reads a number.': '%(where)s: укажите время в кавычках, в виде "ЧЧ:ММ"; без кавычек YAML читает его как число.',
    "%(where)s: '%(value)s' is not a time (HH:MM).": "%(where)s: «%(value)s» не является временем (ЧЧ:ММ).",
    "%(where)s: the item must end after it starts.": "%(where)s: пункт повестки должен заканчиваться позже, чем начинается.",
    "%(where)s: unknown kind of agenda item '%(value)s'.": "%(where)s: неизвестный вид пункта повестки «%(value)s».",
    "%(where)s: person '%(key)s' is not in the file's people.": "%(where)s: человека «%(key)s» нет в списке людей файла.",
    "%(where)s: unknown speaker role '%(value)s'.": "%(where)s: неизвестная роль выступающего «%(value)s».",
}
