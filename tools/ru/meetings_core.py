"""Russian texts of the meetings' domain logic: services, access and selectors
(src/almaty/meetings/services.py, access.py, selectors.py). "No meeting %(id)s.", "Unknown State
code '%(code)s'." and "'%(email)s' is not a valid e-mail address." are reused and already
translated."""

RU: dict = {
    # Meetings
    "'%(field)s' cannot be set here.": "Поле «%(field)s» здесь задать нельзя.",
    "A meeting needs its title in English and in Russian.": (
        "У встречи должно быть название на английском и на русском языках."
    ),
    "Unknown time zone '%(zone)s': give an IANA name such as Asia/Bishkek.": (
        "Неизвестный часовой пояс «%(zone)s»: укажите название по базе IANA, например Asia/Bishkek."
    ),
    "Unknown organisation code '%(code)s'.": "Неизвестный код организации «%(code)s».",
    "Unknown kind of meeting '%(kind)s'.": "Неизвестный вид встречи «%(kind)s».",
    "Give the first and the last day of the meeting as dates.": (
        "Укажите первый и последний дни встречи в виде дат."
    ),
    "The last day (%(ends_on)s) is before the first day (%(starts_on)s).": (
        "Последний день (%(ends_on)s) раньше первого дня (%(starts_on)s)."
    ),
    "The number of a meeting is a whole number from 1.": (
        "Номер встречи — целое число не меньше 1."
    ),
    "Materials are circulated from 0 to 365 days before a meeting.": (
        "Материалы рассылаются за 0–365 дней до встречи."
    ),
    "The agenda has items on %(days)s, outside the new dates: move or remove them first.": (
        "В повестке есть пункты на %(days)s — вне новых дат: сначала перенесите или удалите их."
    ),
    "Give the first day of the new meeting as a date.": (
        "Укажите первый день новой встречи в виде даты."
    ),
    "The new meeting must start on another day than %(date)s, the first day of this one.": (
        "Новая встреча должна начинаться в другой день, не %(date)s: в этот день начинается исходная."
    ),
    # The agenda
    "An agenda item needs its title in English and in Russian.": (
        "У пункта повестки должно быть название на английском и на русском языках."
    ),
    "Unknown kind of agenda item '%(kind)s'.": "Неизвестный вид пункта повестки «%(kind)s».",
    "The day %(day)s is not a day of the meeting (%(starts_on)s to %(ends_on)s).": (
        "%(day)s не входит в дни встречи (с %(starts_on)s по %(ends_on)s)."
    ),
    "Give the times of an agenda item as hours and minutes.": (
        "Укажите время пункта повестки в часах и минутах."
    ),
    "An agenda item with an end time needs its start time too.": (
        "Если указано время окончания пункта повестки, укажите и время начала."
    ),
    "The item ends at %(ends_at)s, not after it starts (%(starts_at)s).": (
        "Пункт заканчивается в %(ends_at)s — не позже своего начала (%(starts_at)s)."
    ),
    "The position of an item is a whole number from 0.": (
        "Порядковый номер пункта — целое число не меньше 0."
    ),
    "%(parent)s belongs to another meeting's agenda.": (
        "«%(parent)s» относится к повестке другой встречи."
    ),
    "An agenda item cannot be a part of itself.": "Пункт повестки не может входить сам в себя.",
    "%(parent)s is itself part of a session: an agenda has two levels only.": (
        "«%(parent)s» сам входит в сессию: в повестке только два уровня."
    ),
    "This item holds other items, so it cannot be part of another.": (
        "В этот пункт входят другие пункты, поэтому он не может входить в другой пункт."
    ),
    "A part of %(parent)s is on its day, %(day)s.": (
        "Части пункта «%(parent)s» проходят в его день, %(day)s."
    ),
    "Move an item 'up' or 'down', not '%(direction)s'.": (
        "Пункт можно переместить вверх («up») или вниз («down»), но не «%(direction)s»."
    ),
    "This item is already the first of its day.": "Этот пункт и так первый в своём дне.",
    "This item is already the last of its day.": "Этот пункт и так последний в своём дне.",
    "Items with a time are in the order of their times: change the time to move this item.": (
        "Пункты со временем идут в порядке времени: чтобы переместить пункт, измените его время."
    ),
    "A speaker needs a name in English and in Russian.": (
        "Имя выступающего нужно указать на английском и на русском языках."
    ),
    "Unknown speaker role '%(role)s'.": "Неизвестная роль выступающего «%(role)s».",
    "%(name)s is already %(role)s at this item.": (
        "%(name)s уже указан(а) в этом пункте в роли «%(role)s»."
    ),
    "This agenda is already published.": "Эта повестка уже опубликована.",
    "An agenda without items cannot be published.": "Повестку без пунктов опубликовать нельзя.",
    "This agenda is not published.": "Эта повестка не опубликована.",
    # Delegates
    "Give the delegate's full name.": "Укажите полное имя делегата.",
    "Unknown gender '%(gender)s'.": "Неизвестное значение пола «%(gender)s».",
    "%(name)s is already on the list of the delegation of %(party)s.": (
        "%(name)s уже есть в списке делегации %(party)s."
    ),
    "The delegation of %(party)s already has a head.": ("У делегации %(party)s уже есть глава."),
    "A delegate represents either a State or an organisation.": (
        "Делегат представляет либо государство, либо организацию."
    ),
    "Registration is closed: the meeting ended on %(date)s.": (
        "Регистрация закрыта: встреча завершилась %(date)s."
    ),
    "%(state)s does not take part in the process on %(date)s.": (
        "%(state)s не участвует в процессе по состоянию на %(date)s."
    ),
    "Only a registered or approved delegate can be changed (this one: %(status)s).": (
        "Изменить можно только зарегистрированного или одобренного делегата "
        "(текущий статус: %(status)s)."
    ),
    "Only a registered delegate can be approved (this one: %(status)s).": (
        "Одобрить можно только зарегистрированного делегата (текущий статус: %(status)s)."
    ),
    "Only a registered delegate can be declined (this one: %(status)s).": (
        "Отклонить можно только зарегистрированного делегата (текущий статус: %(status)s)."
    ),
    "Only a registered or approved delegate can be withdrawn (this one: %(status)s).": (
        "Отозвать можно только зарегистрированного или одобренного делегата "
        "(текущий статус: %(status)s)."
    ),
    "A delegate is approved or declined, not '%(status)s'.": (
        "Делегата можно одобрить или отклонить, но не «%(status)s»."
    ),
    "Only the Support Unit can register the delegates of an organisation.": (
        "Делегатов организации может регистрировать только Группа поддержки."
    ),
    "Only the National Coordinator of %(state)s or the Support Unit can do this.": (
        "Это может сделать только национальный координатор %(state)s или Группа поддержки."
    ),
    "No delegate %(id)s.": "Делегат %(id)s не найден.",
    "Total": "Всего",
    # Materials and the language parity gate
    "Give the date by which the material is circulated.": (
        "Укажите дату, к которой нужно разослать материал."
    ),
    "A material is circulated by the meeting's last day, %(date)s, at the latest.": (
        "Материал рассылается не позднее последнего дня встречи, %(date)s."
    ),
    "%(document)s is already a material of this meeting.": (
        "«%(document)s» уже входит в материалы этой встречи."
    ),
    "This material was already circulated on %(date)s.": "Этот материал уже разослан %(date)s.",
    "%(document)s cannot be circulated yet. %(problems)s": (
        "«%(document)s» пока нельзя разослать. %(problems)s"
    ),
    "A circulated material stays on record and cannot be removed.": (
        "Разосланный материал остаётся в записях, удалить его нельзя."
    ),
    "The English version is missing.": "Английской версии нет.",
    "The English version is a draft.": "Английская версия — черновик.",
    "The English version is a machine draft.": "Английская версия — машинный черновик.",
    "The English version is reviewed but not final.": (
        "Английская версия проверена, но не окончательная."
    ),
    "The Russian version is missing.": "Русской версии нет.",
    "The Russian version is a draft.": "Русская версия — черновик.",
    "The Russian version is a machine draft.": "Русская версия — машинный черновик.",
    "The Russian version is reviewed but not final.": (
        "Русская версия проверена, но не окончательная."
    ),
    # Outcomes
    "Unknown kind of outcome '%(kind)s'.": "Неизвестный вид итога «%(kind)s».",
    "Give the summary in English and in Russian.": (
        "Укажите краткое содержание на английском и на русском языках."
    ),
    "An outcome needs a summary or a document.": (
        "Для итога нужно краткое содержание или документ."
    ),
    "The position of an outcome is a whole number from 0.": (
        "Порядковый номер итога — целое число не меньше 0."
    ),
    "%(title)s is not an adopted decision.": "«%(title)s» не является принятым решением.",
}

RU.update(
    {
        "%(document)s is still a draft that only the Support Unit can read: make it public or for members first.": "«%(document)s» — ещё черновик, который может читать только Группа поддержки: сначала сделайте его открытым или доступным участникам.",
    }
)
