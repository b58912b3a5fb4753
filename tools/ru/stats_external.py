"""Russian texts of the external statistics shown on the portal (UNHCR, UN DESA, World Bank)."""

RU = {
    "Refugees hosted": "Принятые беженцы",
    "Asylum applications": "Ходатайства о предоставлении убежища",
    "International migrants": "Международные мигранты",
    "Remittances received": "Полученные денежные переводы",
    "persons": "человек",
    "million US$": "млн долларов США",
}
