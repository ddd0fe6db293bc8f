from django import template

from payments import money

register = template.Library()


@register.filter
def yuan(amount):
    """¥1,200.00"""
    return money.yuan(amount)


@register.filter
def in_capitals(amount):
    """人民币壹仟贰佰元整"""
    return money.in_capitals(amount)
