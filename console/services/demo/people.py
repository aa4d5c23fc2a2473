"""Pools of Russian people, companies, addresses, phones and texts for the demo database.

Faker costs tens of microseconds a call, far too much for 100,000 contracts, so a seeded Faker
fills small pools once and a seeded `random.Random` combines them: the same seed gives the same
data, and no global random state is touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from random import Random
from typing import NamedTuple

from faker import Faker

from console.rules.normalize import contract_key, is_mobile, phone_e164
from console.statuses import ContractStatus

# Moscow operators' mobile codes (all valid for phonenumbers; checked once in PeoplePools).
MOBILE_CODES = ("903", "905", "906", "909", "915", "916", "917", "925", "926", "929", "962",
                "965", "967", "977", "985", "999")
LANDLINE_CODES = ("495", "499")
MAX_CONTRACTS = 10_000_000  # generated numbers are 5xxxxxxx
NUMBER_KEYS = (0x5EED, 0xC0DE, 0xBEEF, 0xF00D)  # fixed: a contract's number depends on its index
MOBILE_SPACE = len(MOBILE_CODES) * 10**7  # code + 7 digits
LANDLINE_SPACE = len(LANDLINE_CODES) * 9_000_000  # code + 7 digits not starting with 0


class DemoPhone(NamedTuple):
    """One contact phone of a demo contract: E.164, mobile or not, and a note."""

    e164: str
    is_mobile: bool
    note: str


class DemoContract(NamedTuple):
    """A demo contract as generated, kept in memory to build tickets and claims from."""

    number: str
    number_key: str
    surname: str
    first_name: str
    patronymic: str
    company: str | None
    address: str
    apartment: int | None
    balance_kopecks: int
    status: ContractStatus
    phones: tuple[DemoPhone, ...]

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.first_name, self.patronymic) if p)


def _fixed(number: str, fio: str, company: str | None, address: str, apartment: int | None,
           roubles: int, phone: str, note: str) -> DemoContract:
    surname, first, patronymic = fio.split()
    e164 = phone_e164(phone)
    assert e164 is not None, phone  # fixed data: a typo here is a programming error
    return DemoContract(number, contract_key(number), surname, first, patronymic, company,
                        address, apartment, roubles * 100, ContractStatus.ACTIVE,
                        (DemoPhone(e164, is_mobile(e164), note),))


# Memorable contracts for demos and tests, the same whatever the seed (R13, R14 scenarios).
FIXED_CONTRACTS: tuple[DemoContract, ...] = (
    _fixed("10000001", "Иванов Иван Иванович", None,
           "г. Москва, ул. Тверская, д. 12, кв. 34", 34, 1250, "+7 903 111-22-33", "мобильный"),
    _fixed("10000002", "Ёлкина Анна Сергеевна", None,
           "г. Москва, ул. Профсоюзная, д. 45, кв. 7", 7, -300, "+7 916 222-33-44", "мобильный"),
    _fixed("10000003", "Петров Олег Николаевич", "ООО «Ромашка»",
           "г. Москва, ул. Новый Арбат, д. 21, офис 305", None, 15000, "+7 495 123-45-67",
           "офис"),
)
FIXED_PHONES = frozenset(p.e164 for c in FIXED_CONTRACTS for p in c.phones)


@dataclass
class PeoplePools:
    """Names, streets and companies drawn once from a seeded Faker, combined by a seeded Random."""

    rng: Random
    male: list[tuple[str, str, str]]
    female: list[tuple[str, str, str]]
    streets: list[str]
    companies: list[str]
    keys: tuple[int, ...]  # the phone permutation's round keys, from the seed
    issued: dict[bool, int] = field(default_factory=lambda: {True: 0, False: 0})

    @classmethod
    def create(cls, fake: Faker, rng: Random, *, names: int = 2000, streets: int = 1000,
               companies: int = 500) -> PeoplePools:
        for code in (*MOBILE_CODES, *LANDLINE_CODES):  # fail loudly if the metadata disagrees
            sample = f"+7{code}5550123"
            assert phone_e164(sample) == sample, sample
        # Male and female parts drawn together, so surname, name and patronymic agree in gender.
        male = [(fake.last_name_male(), fake.first_name_male(), fake.middle_name_male())
                for _ in range(names)]
        female = [(fake.last_name_female(), fake.first_name_female(), fake.middle_name_female())
                  for _ in range(names)]
        return cls(rng, male, female, [fake.street_name() for _ in range(streets)],
                   [fake.company() for _ in range(companies)],
                   tuple(rng.getrandbits(32) for _ in range(4)))

    def person(self) -> tuple[str, str, str]:
        return self.rng.choice(self.male if self.rng.random() < 0.5 else self.female)

    def address(self, company: bool) -> tuple[str, int | None]:
        """'г. Москва, ш. Химиков, д. 12, кв. 34' and the apartment (None for an office)."""
        rng = self.rng
        house = str(rng.randint(1, 120))
        if rng.random() < 0.2:
            house += f" к. {rng.randint(1, 5)}"
        street = rng.choice(self.streets)
        if company:
            return f"г. Москва, {street}, д. {house}, офис {rng.randint(1, 40)}", None
        apartment = rng.randint(1, 480)
        return f"г. Москва, {street}, д. {house}, кв. {apartment}", apartment

    def mobile(self) -> str:
        """A random mobile (technicians, relatives): may repeat, nobody looks them up."""
        return f"+7{self.rng.choice(MOBILE_CODES)}{self.rng.randrange(10**7):07d}"

    def _unique(self, mobile: bool) -> str:
        # The n-th number is a seeded permutation of n, so every contract phone is new without
        # a set of millions of numbers in memory, and the numbers show no visible pattern.
        while True:
            n = self.issued[mobile]
            self.issued[mobile] = n + 1
            if mobile:
                slot = _permute(n, MOBILE_SPACE, 14, self.keys)
                e164 = f"+7{MOBILE_CODES[slot // 10**7]}{slot % 10**7:07d}"
            else:
                slot = _permute(n, LANDLINE_SPACE, 13, self.keys)
                e164 = f"+7{LANDLINE_CODES[slot // 9_000_000]}{1_000_000 + slot % 9_000_000}"
            if e164 not in FIXED_PHONES:
                return e164

    def phones(self, company: bool) -> tuple[DemoPhone, ...]:
        """One or two phones, mostly mobile, unique across contracts so caller ID finds one."""
        rng = self.rng
        wanted: list[tuple[bool, str]] = []
        if company or rng.random() < 0.12:
            wanted.append((False, "офис" if company else "домашний"))
        if not wanted or rng.random() < 0.5:
            wanted.append((True, "мобильный"))
        return tuple(DemoPhone(self._unique(mobile), mobile, note) for mobile, note in wanted)

    def contract(self, index: int) -> DemoContract:
        """The index-th generated contract; its number is a bijection of the index (unique)."""
        rng = self.rng
        # A fixed permutation of the index: unique 8-digit numbers 5xxxxxxx, in no visible order.
        number = str(50_000_000 + _permute(index, MAX_CONTRACTS, 12, NUMBER_KEYS))
        company = rng.choice(self.companies) if rng.random() < 0.08 else None
        surname, first, patronymic = self.person()
        address, apartment = self.address(company is not None)
        if rng.random() < 0.1:  # about 1 in 10 cannot get support until they pay (R14)
            balance = 0 if rng.random() < 0.3 else -rng.randint(100, 200_000)
            status = (ContractStatus.SUSPENDED if balance < 0 and rng.random() < 0.5
                      else ContractStatus.ACTIVE)
        else:
            balance = rng.randint(5_000, 500_000)
            status = ContractStatus.CLOSED if rng.random() < 0.01 else ContractStatus.ACTIVE
        return DemoContract(number, contract_key(number), surname, first, patronymic, company,
                            address, apartment, balance, status,
                            self.phones(company is not None))


def _permute(n: int, space: int, half_bits: int, keys: tuple[int, ...]) -> int:
    """A bijection of range(space) (space <= 4**half_bits): a small Feistel network on
    2*half_bits bits, applied again while the result falls outside the range (cycle walking)."""
    mask = (1 << half_bits) - 1
    while True:
        left, right = n >> half_bits, n & mask
        for key in keys:
            left, right = right, left ^ ((((right ^ key) * 2_654_435_761) >> 11) & mask)
        n = (left << half_bits) | right
        if n < space:
            return n


def recent(rng: Random, now: datetime, hours: float) -> datetime:
    """A random instant within the last `hours` before `now`, to the second."""
    return now - timedelta(seconds=rng.randrange(1, int(hours * 3600)))


TICKET_TEXTS: dict[str, tuple[str, ...]] = {
    "node_outage": ("Нет интернета у всего подъезда, соседи тоже без связи",
                    "Во всём доме пропала связь после отключения электричества"),
    "no_link": ("Нет подключения, на роутере не горит индикатор WAN",
                "Кабель перебит при ремонте в подъезде, связи нет",
                "Компьютер пишет «Сетевой кабель не подключён»"),
    "unstable_link": ("Скорость падает по вечерам до 1 Мбит/с",
                      "Связь пропадает каждые 10–15 минут",
                      "Большие потери пакетов, видеозвонки обрываются"),
    "consultation": ("Не открываются некоторые сайты, просит проверить настройки DNS",
                     "Просит помочь подключить новый ноутбук к сети"),
    "callback": ("Перезвонить: клиент проверит настройки роутера и сообщит результат",
                 "Перезвонить после перезагрузки оборудования"),
    "router_setup": ("Купил новый роутер, нужна настройка и Wi-Fi",
                     "Настроить Wi-Fi с паролем, сеть сейчас открыта"),
    "cable_laying": ("Проложить кабель в дальнюю комнату и поставить розетку",
                     "Перенести розетку в другую комнату после ремонта"),
    "os_reinstall": ("Переустановить Windows, компьютер не загружается",),
    "lan_setup": ("Объединить три компьютера офиса в локальную сеть, общий принтер",
                  "Настроить домашнюю сеть: два компьютера и сетевое хранилище"),
}
CANCEL_REASONS = ("Проблема решилась сама", "Клиент не сможет принять специалиста",
                  "Клиент уезжает, перенесёт заявку позже", "Дубль заявки")
QUESTIONS = (  # subject, question, answer: HelpDesk takes questions that need no visit (R5)
    ("Настройки DNS", "Какие DNS-серверы указать в настройках роутера?",
     "Укажите получение DNS автоматически (DHCP), роутер получит наши серверы сам."),
    ("Смена пароля Wi-Fi", "Как сменить пароль от Wi-Fi на роутере?",
     "Откройте 192.168.0.1, раздел «Беспроводная сеть», поле «Ключ сети», сохраните."),
    ("Скорость по тарифу", "Какая скорость должна быть по моему тарифу через Wi-Fi?",
     "По кабелю до 100 Мбит/с; по Wi-Fi ниже и зависит от роутера и расстояния."),
    ("Статический IP", "Можно ли подключить статический IP-адрес и как его настроить?",
     "Да, подключается в личном кабинете; настройки придут на почту после подключения."),
    ("Проброс портов", "Нужно открыть порт для камеры видеонаблюдения, подскажите как.",
     "Порт открывается на роутере (раздел «Переадресация»); с нашей стороны ограничений нет."),
    ("Настройка IPTV", "Не показывает IPTV на телевизоре, какие настройки нужны?",
     "Включите IGMP Proxy на роутере и выберите порт для приставки в разделе IPTV."),
    ("MAC-адрес", "Сменил роутер, нужно ли регистрировать новый MAC-адрес?",
     "Нет, привязки по MAC-адресу нет: достаточно настроить подключение по инструкции."),
)
CLAIMS = (
    "Специалист опоздал на визит на два часа и не предупредил",
    "Связь отсутствовала три дня, обращения не помогли",
    "Выставлена плата за выезд, хотя заявка была отменена заранее",
    "После визита специалиста не работает Wi-Fi",
    "Грубое общение диспетчера по телефону",
    "Скорость регулярно ниже заявленной по договору",
)
CLAIM_REPLIES = ("Проверка проведена, плата за выезд отменена, приносим извинения.",
                 "Неисправность узла устранена, абоненту начислена компенсация.")
